using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Regions;
using Investment.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Quantities;

/// <summary>One county's town, or (<c>Town</c> null) the county's targets that are not broken down by town.</summary>
public sealed record TownQuantities(string RegionCode, string RegionName, string? Town, IReadOnlyList<QuantityTotal> Kinds);

public sealed record ProjectQuantityTotals(
    long ProjectId, string ProjectCode, string ProjectName, string RegionCode, IReadOnlyList<QuantityTotal> Kinds);

/// <summary>
/// Physical quantities of every project in a region's subtree for a year, completed from January through
/// <c>Through</c>: totals per kind, rows per county and town (they add up to the totals), and rows per project.
/// A target counts in its section's county, else in the county that registered the project.
/// </summary>
public sealed record RegionQuantities(
    string RegionCode, string RegionName, int Year, string Through, IReadOnlyList<QuantityTotal> Kinds,
    IReadOnlyList<TownQuantities> Towns, IReadOnlyList<ProjectQuantityTotals> Projects);

public static class GetRegionQuantities
{
    public static async Task<Results<Ok<RegionQuantities>, ValidationProblem, ProblemHttpResult>> Handle(
        string code, int? year, string? period, InvestmentDb db, CallerScope scope, BureauClock clock, CancellationToken ct)
    {
        if (QuantityQueries.ResolvePeriod(year, period, clock, out var resolvedYear, out var through) is { } invalid)
        {
            return invalid;
        }
        var region = await scope.Regions.AsNoTracking().Where(r => r.Code == code).Select(r => new { r.Code, r.Name })
            .SingleOrDefaultAsync(ct);
        if (region is null)
        {
            return Problems.NotFound(new($"Region '{code}'", $"行政区“{code}”"));
        }
        var codes = await RegionQueries.SubtreeCodesAsync(scope.Regions, code, ct);
        var names = await scope.Regions.AsNoTracking().Where(r => codes.Contains(r.Code))
            .ToDictionaryAsync(r => r.Code, r => r.Name, ct);

        var rows = await QuantityQueries.Visible(db, scope).AsNoTracking()
            .Where(v => v.Target.Year == resolvedYear && codes.Contains(v.RegionCode))
            .Select(v => new
            {
                v.Target.ProjectId, v.ProjectCode, v.ProjectName, v.RegionCode, v.Target.Kind, v.Target.Town, v.Target.Target,
                Completed = v.Target.Progress.Where(p => p.Month <= through).Sum(p => (decimal?)p.Completed) ?? 0m,
            })
            .ToListAsync(ct);

        var towns = rows
            .GroupBy(r => (r.RegionCode, r.Town))
            .OrderBy(g => g.Key.RegionCode, StringComparer.Ordinal).ThenBy(g => g.Key.Town, StringComparer.Ordinal)
            .Select(g => new TownQuantities(g.Key.RegionCode, names.GetValueOrDefault(g.Key.RegionCode, g.Key.RegionCode),
                QuantityTargetResponse.TownOrNull(g.Key.Town), QuantityTotal.ByKind(g.Select(r => (r.Kind, r.Target, r.Completed)))))
            .ToList();
        var projects = rows
            .GroupBy(r => (r.ProjectId, r.ProjectCode, r.ProjectName))
            .OrderBy(g => g.Key.ProjectCode, StringComparer.Ordinal)
            .Select(g => new ProjectQuantityTotals(g.Key.ProjectId, g.Key.ProjectCode, g.Key.ProjectName,
                g.Select(r => r.RegionCode).Min(StringComparer.Ordinal)!,
                QuantityTotal.ByKind(g.Select(r => (r.Kind, r.Target, r.Completed)))))
            .ToList();
        return TypedResults.Ok(new RegionQuantities(region.Code, region.Name, resolvedYear,
            QuantityQueries.PeriodText(resolvedYear, through),
            QuantityTotal.ByKind(rows.Select(r => (r.Kind, r.Target, r.Completed))), towns, projects));
    }
}
