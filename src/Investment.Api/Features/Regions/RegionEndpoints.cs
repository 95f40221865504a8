using Investment.Api.Features.Access;
using Investment.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Regions;

public sealed record RegionNode(string Code, string Name, string Level, string? ParentCode, IReadOnlyList<RegionNode> Children);

public sealed record RegionRef(string Code, string Name, string Level);

public sealed record RegionDetail(
    string Code, string Name, string Level, string? ParentCode, IReadOnlyList<RegionRef> Ancestors, IReadOnlyList<RegionNode> Children);

public static class RegionEndpoints
{
    public static RouteGroupBuilder MapRegions(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/regions").WithTags("Regions");
        group.MapGet("/", GetRegionTree).WithName(nameof(GetRegionTree));
        group.MapGet("/{code}", GetRegion).WithName(nameof(GetRegion));
        return group;
    }

    /// <summary>The region tree the caller may see: provinces, their cities, their counties.</summary>
    public static async Task<Ok<IReadOnlyList<RegionNode>>> GetRegionTree(CallerScope scope, CancellationToken ct)
    {
        var regions = await scope.Regions.AsNoTracking().OrderBy(r => r.Code).ToListAsync(ct);
        // The caller's own top regions are the roots: a county planner's tree starts at the county.
        var visible = regions.Select(r => r.Code).ToHashSet(StringComparer.Ordinal);
        return TypedResults.Ok(BuildTree(regions.ToLookup(r => r.ParentCode is { } p && visible.Contains(p) ? p : null), null));
    }

    /// <summary>One region by its national code, with its ancestors and its subtree.</summary>
    public static async Task<Results<Ok<RegionDetail>, ProblemHttpResult>> GetRegion(string code, CallerScope scope, CancellationToken ct)
    {
        var regions = await scope.Regions.AsNoTracking().OrderBy(r => r.Code).ToListAsync(ct);
        var byCode = regions.ToDictionary(r => r.Code, StringComparer.Ordinal);
        if (!byCode.TryGetValue(code, out var region))
        {
            return Problems.NotFound(new($"Region '{code}'", $"行政区“{code}”"));
        }
        var ancestors = new List<RegionRef>();
        for (var parent = region.ParentCode; parent is not null && byCode.TryGetValue(parent, out var p); parent = p.ParentCode)
        {
            ancestors.Insert(0, new RegionRef(p.Code, p.Name, p.Level));
        }
        return TypedResults.Ok(new RegionDetail(region.Code, region.Name, region.Level, region.ParentCode, ancestors,
            BuildTree(regions.ToLookup(r => r.ParentCode), region.Code)));
    }

    private static IReadOnlyList<RegionNode> BuildTree(ILookup<string?, Data.Region> childrenOf, string? parentCode) =>
        childrenOf[parentCode]
            .Select(r => new RegionNode(r.Code, r.Name, r.Level, r.ParentCode, BuildTree(childrenOf, r.Code)))
            .ToList();
}

public static class RegionQueries
{
    /// <summary>The codes of a region and everything below it (province → city → county).</summary>
    public static async Task<List<string>> SubtreeCodesAsync(IQueryable<Data.Region> regions, string code, CancellationToken ct) =>
        await regions.Where(r => r.Code == code || r.ParentCode == code || r.Parent!.ParentCode == code)
            .Select(r => r.Code).ToListAsync(ct);

    /// <summary>
    /// A query's optional region filter: null when none is given, else the region's subtree among those the caller may
    /// see; a region outside them reads as unknown (an error on <c>regionCode</c>, and an empty list).
    /// </summary>
    public static async Task<List<string>?> FilterAsync(
        IQueryable<Data.Region> regions, string? code, Dictionary<string, Message> errors, CancellationToken ct)
    {
        if (code is null)
        {
            return null;
        }
        var codes = await SubtreeCodesAsync(regions, code, ct);
        if (codes.Count == 0)
        {
            errors["regionCode"] = Messages.UnknownRegion(code);
        }
        return codes;
    }
}
