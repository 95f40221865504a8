using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Http;
using Investment.Domain.Progress;
using Investment.Domain.Quantities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Quantities;

/// <summary>
/// A project's targets for a year, each with the amount completed from January through <c>Through</c>, and the
/// totals per kind (a kind set per town adds up its towns).
/// </summary>
public sealed record ProjectQuantities(
    long ProjectId, string ProjectCode, string ProjectName, int Year, string Through,
    IReadOnlyList<QuantityLine> Targets, IReadOnlyList<QuantityTotal> Totals);

public static class GetProjectQuantities
{
    /// <summary>Plan versus done for <paramref name="year"/> (default: the period's year, else this year), through <paramref name="period"/> (default: December).</summary>
    public static async Task<Results<Ok<ProjectQuantities>, ValidationProblem, ProblemHttpResult>> Handle(
        long id, int? year, string? period, InvestmentDb db, CallerScope scope, BureauClock clock, CancellationToken ct)
    {
        if (QuantityQueries.ResolvePeriod(year, period, clock, out var resolvedYear, out var through) is { } invalid)
        {
            return invalid;
        }
        var project = await scope.Projects.AsNoTracking().Where(p => p.Id == id)
            .Select(p => new { p.Id, p.Code, p.Name }).SingleOrDefaultAsync(ct);
        if (project is null)
        {
            return Problems.NotFound(new($"Project {id}", $"项目{id}"));
        }
        var targets = await QuantityQueries.Visible(db, scope).AsNoTracking()
            .Where(v => v.Target.ProjectId == id && v.Target.Year == resolvedYear)
            .Select(v => v.Target)
            .Include(t => t.Progress)
            .ToListAsync(ct);

        var lines = targets
            .OrderBy(t => QuantityKinds.OrderOf(t.Kind)).ThenBy(t => t.Town, StringComparer.Ordinal).ThenBy(t => t.Id)
            .Select(t => Line(t, resolvedYear, through))
            .ToList();
        return TypedResults.Ok(new ProjectQuantities(project.Id, project.Code, project.Name, resolvedYear,
            QuantityQueries.PeriodText(resolvedYear, through), lines,
            QuantityTotal.ByKind(lines.Select(l => (l.Kind, l.Target, l.Completed)))));
    }

    internal static QuantityLine Line(QuantityTarget target, int year, int through)
    {
        var kind = QuantityTargetResponse.KindOf(target.Kind);
        var monthly = new List<QuantityMonth>();
        var cumulative = 0m;
        foreach (var month in target.Progress.Where(p => p.Month <= through).OrderBy(p => p.Month))
        {
            cumulative += month.Completed;
            monthly.Add(new QuantityMonth(QuantityQueries.PeriodText(year, month.Month), month.Completed, cumulative));
        }
        return new QuantityLine(target.Id, target.SectionId, kind.Code, kind.Label, kind.Unit,
            QuantityTargetResponse.TownOrNull(target.Town), target.Target, cumulative, CompletionRate.Of(cumulative, target.Target),
            monthly);
    }
}

public static class GetQuantityTarget
{
    /// <summary>One target with its whole year of months.</summary>
    public static async Task<Results<Ok<QuantityLine>, ProblemHttpResult>> Handle(
        long targetId, InvestmentDb db, CallerScope scope, CancellationToken ct)
    {
        var target = await QuantityQueries.Visible(db, scope).AsNoTracking()
            .Where(v => v.Target.Id == targetId).Select(v => v.Target).Include(t => t.Progress).SingleOrDefaultAsync(ct);
        return target is null
            ? Problems.NotFound(new($"Quantity target {targetId}", $"实物工程量目标{targetId}"))
            : TypedResults.Ok(GetProjectQuantities.Line(target, target.Year, 12));
    }
}
