using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Http;
using Investment.Domain;
using Investment.Domain.Figures;
using Investment.Domain.Progress;
using Investment.Domain.Rollups;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Figures;

/// <summary>
/// One month of a year's curve (万元): the month's approved actual, the cumulative actual (1–N月), the planned-to-date
/// amount (the plan's time-elapsed schedule) and last year's cumulative actual of the same months.
/// </summary>
public sealed record SeriesMonth(
    string Period, int Month, decimal MonthActual, decimal YtdActual, decimal PlannedToDate, decimal PreviousYtd,
    decimal? CompletionRate, decimal? TimeElapsedProgress);

/// <summary>A region's or project's months of a year, January first, up to December or the current month.</summary>
public sealed record SeriesResponse(string Code, string Name, int Year, string? Scope, decimal Plan, IReadOnlyList<SeriesMonth> Months);

/// <summary>The monthly curves a dashboard draws: this year's cumulative actual against plan and last year.</summary>
public static class GetSeries
{
    public static async Task<Results<Ok<SeriesResponse>, ValidationProblem, ProblemHttpResult>> ForRegion(
        string code, int? year, CallerScope scope, InvestmentDb db, BureauClock clock, CancellationToken ct,
        [FromQuery(Name = "scope")] string? scopeCode = null, string? mode = null, string? modeCategory = null)
    {
        var errors = new Dictionary<string, Message>();
        var last = LastMonth(year, clock, errors);
        FigureParameters.Scope(scopeCode, errors);
        FigureParameters.Mode(mode, modeCategory, errors);
        if (errors.Count > 0)
        {
            return Problems.Fields(errors);
        }
        // The sections counted are those of the curve's last month, so a retirement during the year moves the whole
        // curve (this year's and last year's) with it instead of making it jump.
        if (await FigureQueries.RegionAsync(scope, db, code, last!.Value, ct) is not var (regionName, codes))
        {
            return Problems.NotFound(new($"Region '{code}'", $"行政区“{code}”"));
        }
        var sections = FigureQueries.Filter(scope.Sections.Where(s => codes.Contains(s.RegionCode)), scopeCode, mode, modeCategory);
        return TypedResults.Ok(await SeriesAsync(db, sections, code, regionName, scopeCode, last!.Value, ct));
    }

    public static async Task<Results<Ok<SeriesResponse>, ValidationProblem, ProblemHttpResult>> ForProject(
        long id, int? year, CallerScope scope, InvestmentDb db, BureauClock clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, Message>();
        var last = LastMonth(year, clock, errors);
        if (errors.Count > 0)
        {
            return Problems.Fields(errors);
        }
        var project = await scope.Projects.AsNoTracking().Where(p => p.Id == id).Select(p => new { p.Code, p.Name }).SingleOrDefaultAsync(ct);
        if (project is null)
        {
            return Problems.NotFound(new($"Project {id}", $"项目{id}"));
        }
        return TypedResults.Ok(await SeriesAsync(db, scope.Sections.Where(s => s.ProjectId == id), project.Code, project.Name, null,
            last!.Value, ct));
    }

    /// <summary>December of a past year, the current month of this one; a year is required and not in the future.</summary>
    private static ReportingMonth? LastMonth(int? year, BureauClock clock, Dictionary<string, Message> errors)
    {
        var current = ReportingMonth.Of(clock.Today);
        if (year is not { } y || y < 1990 || y > current.Year)
        {
            errors["year"] = new($"Give the year as year=yyyy, from 1990 to {current.Year}.", $"请指定年份，格式为year=yyyy，在1990到{current.Year}之间。");
            return null;
        }
        return y == current.Year ? current : new ReportingMonth(y, 12);
    }

    /// <summary>
    /// Three small queries whatever the number of sections: the plans of the year, and the approved actuals of this year
    /// and last summed per month; the schedule comes from <see cref="InvestmentFigures"/>, as every other figure does.
    /// </summary>
    private static async Task<SeriesResponse> SeriesAsync(
        InvestmentDb db, IQueryable<Section> sections, string code, string name, string? scopeCode, ReportingMonth last,
        CancellationToken ct)
    {
        var year = last.Year;
        var plans = await db.AnnualPlans.AsNoTracking()
            .Where(p => p.Year == year && sections.Any(s => s.Id == p.SectionId))
            .Select(p => new { p.PlannedInvestment, p.MonthlyProfile })
            .ToListAsync(ct);
        var actuals = await db.MonthlyReports.AsNoTracking()
            .Where(r => r.Status == ReportStatuses.Approved && (r.Year == year || r.Year == year - 1) && r.Month <= last.Month
                        && sections.Any(s => s.Id == r.SectionId))
            .GroupBy(r => new { r.Year, r.Month })
            .Select(g => new { g.Key.Year, g.Key.Month, Amount = g.Sum(r => r.MonthActual) })
            .ToDictionaryAsync(g => (g.Year, g.Month), g => g.Amount, ct);

        var inputs = plans.Select(p => new SectionFigureInput(p.PlannedInvestment, p.MonthlyProfile, 0m, 0m, 0m, 0m)).ToList();
        var plan = inputs.Sum(p => p.Plan);
        decimal ytd = 0m, previous = 0m;
        var months = new List<SeriesMonth>(last.Month);
        for (var m = 1; m <= last.Month; m++)
        {
            var month = actuals.GetValueOrDefault((year, m));
            ytd += month;
            previous += actuals.GetValueOrDefault((year - 1, m));
            var plannedToDate = inputs.Sum(i => InvestmentFigures.PlannedToDate(i, m));
            months.Add(new SeriesMonth(new ReportingMonth(year, m).ToString(), m, month, ytd, plannedToDate, previous,
                CompletionRate.Of(ytd, plan), PlannedToDate.ShareOf(plannedToDate, plan)));
        }
        return new SeriesResponse(code, name, year, scopeCode, plan, months);
    }
}
