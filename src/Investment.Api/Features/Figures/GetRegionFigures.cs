using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Http;
using Investment.Domain.Figures;
using Investment.Domain.Progress;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Figures;

public static class GetRegionFigures
{
    /// <summary>
    /// A region's figures for a period: every section lying anywhere in its subtree, of projects in the scope and mode
    /// when given (archived projects included: their history still counts); plus the assessed task of the scope.
    /// </summary>
    public static async Task<Results<Ok<RegionFiguresResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        string code, string? period, CallerScope scope, InvestmentDb db, BureauClock clock, CancellationToken ct,
        [FromQuery(Name = "scope")] string? scopeCode = null, string? mode = null, string? modeCategory = null)
    {
        var errors = new Dictionary<string, Message>();
        var month = FigureParameters.Period(period, clock, errors);
        FigureParameters.Scope(scopeCode, errors);
        FigureParameters.Mode(mode, modeCategory, errors);
        if (errors.Count > 0)
        {
            return Problems.Fields(errors);
        }
        if (await FigureQueries.RegionAsync(scope, db, code, month!.Value, ct) is not var (regionName, codes))
        {
            return Problems.NotFound(new($"Region '{code}'", $"行政区“{code}”"));
        }

        var sections = await FigureQueries.LoadAsync(db,
            FigureQueries.Filter(scope.Sections.Where(s => codes.Contains(s.RegionCode)), scopeCode, mode, modeCategory),
            month!.Value, false, ct);
        var figures = InvestmentFigures.ForGroup(sections.Select(s => s.Input).ToList(), month.Value,
            await FigureQueries.ThresholdsAsync(db, ct));

        RegionTarget? target = null;
        if (scopeCode is not null && mode is null && modeCategory is null)
        {
            target = await db.RegionTargets.AsNoTracking()
                .SingleOrDefaultAsync(t => t.RegionCode == code && t.Scope == scopeCode && t.Year == month.Value.Year, ct);
        }

        var forecast = Forecasts.For(month.Value, figures, sections.Select(s => s.Input),
            await Forecasts.RhythmOfAsync(db, code, month.Value, ct));
        return TypedResults.Ok(new RegionFiguresResponse(code, regionName, month.Value.ToString(), scopeCode, mode, modeCategory,
            sections.Select(s => s.Section.ProjectId).Distinct().Count(), sections.Count,
            FigureSetResponse.From(figures, withPhysical: false),
            target?.Task, target is null ? null : CompletionRate.Of(figures.YtdActual, target.Task), target?.GrowthTarget,
            ForecastResponse.From(forecast, figures.Plan, target?.Task)));
    }
}
