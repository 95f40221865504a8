using System.Globalization;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Projects;
using Investment.Api.Http;
using Investment.Domain;
using Investment.Domain.Quantities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Quantities;

/// <summary>A target as the caller may see it, with the county it counts in.</summary>
public sealed class VisibleTarget
{
    public required QuantityTarget Target { get; init; }
    public required string ProjectCode { get; init; }
    public required string ProjectName { get; init; }
    public required string RegionCode { get; init; }
}

public static class QuantityQueries
{
    /// <summary>
    /// Targets whose project is in the caller's scope, and whose section (when the target names one) is too. A target
    /// counts in its section's county, else in the county that registered the project.
    /// </summary>
    public static IQueryable<VisibleTarget> Visible(InvestmentDb db, CallerScope scope) =>
        from p in scope.Projects
        join t in db.QuantityTargets on p.Id equals t.ProjectId
        join s in scope.Sections on t.SectionId equals (long?)s.Id into sections
        from s in sections.DefaultIfEmpty()
        where t.SectionId == null || s != null
        select new VisibleTarget
        {
            Target = t, ProjectCode = p.Code, ProjectName = p.Name, RegionCode = s != null ? s.RegionCode : p.RegionCode,
        };

    /// <summary>
    /// The year and the last month a summary covers: the period's when given (its year must match <paramref name="year"/>),
    /// else December of <paramref name="year"/>, else of this year.
    /// </summary>
    public static ValidationProblem? ResolvePeriod(int? year, string? period, BureauClock clock, out int resolvedYear, out int throughMonth)
    {
        resolvedYear = year ?? clock.Today.Year;
        throughMonth = 12;
        if (year is < 1990 or > 2100)
        {
            return Problems.Field("year", Messages.Year1990To2100);
        }
        if (period is null)
        {
            return null;
        }
        if (!ReportingMonth.TryParse(period, out var month))
        {
            return Problems.Field("period", QuantityMessages.PeriodFormat);
        }
        if (year is not null && month.Year != year)
        {
            return Problems.Field("period", new(string.Create(CultureInfo.InvariantCulture, $"Must be a month of {year}."),
                string.Create(CultureInfo.InvariantCulture, $"应为{year}年内的月份。")));
        }
        if (month.Year is < 1990 or > 2100)
        {
            return Problems.Field("period", new("Must be between 1990-01 and 2100-12.", "月份应在1990-01到2100-12之间。"));
        }
        resolvedYear = month.Year;
        throughMonth = month.Month;
        return null;
    }

    public static string PeriodText(int year, int month) => new ReportingMonth(year, month).ToString();

    /// <summary>Locks the target's project for the write; 404 outside the caller's scope, 409 when archived.</summary>
    public static async Task<(QuantityTarget? Target, ProblemHttpResult? Problem)> LockForWriteAsync(
        InvestmentDb db, CallerScope scope, long targetId, CancellationToken ct)
    {
        var projectId = await Visible(db, scope).Where(v => v.Target.Id == targetId)
            .Select(v => (long?)v.Target.ProjectId).SingleOrDefaultAsync(ct);
        var project = projectId is null ? null : await ProjectLocks.LockAsync(db, scope, projectId.Value, ct);
        // Read again under the project's lock: a concurrent delete may have removed the target meanwhile.
        var target = project is null ? null : await db.QuantityTargets.SingleOrDefaultAsync(t => t.Id == targetId, ct);
        if (target is null || project is null)
        {
            return (null, Problems.NotFound(new($"Quantity target {targetId}", $"实物工程量目标{targetId}")));
        }
        return (target, ArchivedProblem(project));
    }

    public static ProblemHttpResult? ArchivedProblem(Project project) =>
        project.Status == ProjectStatuses.Archived
            ? Problems.Conflict(new($"Project {project.Code} is archived: restore it before changing its figures.",
                $"项目{project.Code}已归档，请先恢复再修改其实物工程量。"))
            : null;
}

public static class QuantityMessages
{
    public static readonly Message PeriodFormat = new("Must be a month written yyyy-MM (e.g. 2023-07).", "月份格式为yyyy-MM，例如2023-07。");

    public static Message Amount(QuantityAmountProblem problem, QuantityKind? kind) => problem switch
    {
        QuantityAmountProblem.Negative => Messages.NotNegative,
        QuantityAmountProblem.TooLarge => new("Must be less than 1,000,000,000.", "应小于1,000,000,000。"),
        QuantityAmountProblem.TooManyDecimals => new($"At most {QuantityAmounts.Scale} decimal places.",
            $"最多{QuantityAmounts.Scale}位小数（公里精确到米）。"),
        _ => new($"{kind?.Label} is counted in {kind?.Unit}: give a whole number.", $"{kind?.Label}以{kind?.Unit}计，请填整数。"),
    };
}
