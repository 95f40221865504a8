using Investment.Api.Features.Access;
using Investment.Api.Http;
using Investment.Domain;
using Investment.Domain.Regions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Regions;

/// <summary>
/// A region of the tree. A retired one keeps its place with <c>retiredFrom</c> (yyyy-MM) and <c>successorCode</c>: from
/// that month on its sections count in the successor.
/// </summary>
public sealed record RegionNode(
    string Code, string Name, string Level, string? ParentCode, string? RetiredFrom, string? SuccessorCode, IReadOnlyList<RegionNode> Children);

public sealed record RegionRef(string Code, string Name, string Level);

public sealed record RegionDetail(
    string Code, string Name, string Level, string? ParentCode, string? RetiredFrom, string? SuccessorCode,
    IReadOnlyList<RegionRef> Ancestors, IReadOnlyList<RegionNode> Children);

public static class RegionEndpoints
{
    public static RouteGroupBuilder MapRegions(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/regions").WithTags("Regions");
        group.MapGet("/", GetRegionTree).WithName(nameof(GetRegionTree));
        group.MapGet("/{code}", GetRegion).WithName(nameof(GetRegion));
        group.MapPost("/", ManageRegions.Create).WithName("CreateRegion").WithValidation<CreateRegionRequest>()
            .RequireAuthorization(Policies.Administer);
        group.MapPut("/{code}", ManageRegions.Rename).WithName("RenameRegion").WithValidation<RenameRegionRequest>()
            .RequireAuthorization(Policies.Administer);
        group.MapPost("/{code}/retirement", ManageRegions.Retire).WithName("RetireRegion").WithValidation<RetireRegionRequest>()
            .RequireAuthorization(Policies.Administer);
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
    public static async Task<Results<Ok<RegionDetail>, ProblemHttpResult>> GetRegion(
        string code, CallerScope scope, HttpResponse response, CancellationToken ct)
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
        response.Headers.ETag = ManageRegions.FormatVersion(region.Version);
        return TypedResults.Ok(new RegionDetail(region.Code, region.Name, region.Level, region.ParentCode, MonthOf(region.RetiredFrom),
            region.SuccessorCode, ancestors, BuildTree(regions.ToLookup(r => r.ParentCode), region.Code)));
    }

    private static IReadOnlyList<RegionNode> BuildTree(ILookup<string?, Data.Region> childrenOf, string? parentCode) =>
        childrenOf[parentCode]
            .Select(r => new RegionNode(r.Code, r.Name, r.Level, r.ParentCode, MonthOf(r.RetiredFrom), r.SuccessorCode,
                BuildTree(childrenOf, r.Code)))
            .ToList();

    internal static string? MonthOf(DateOnly? day) => day is { } d ? ReportingMonth.Of(d).ToString() : null;
}

public static class RegionQueries
{
    /// <summary>The codes of a region and everything below it (province → city → county).</summary>
    public static async Task<List<string>> SubtreeCodesAsync(IQueryable<Data.Region> regions, string code, CancellationToken ct) =>
        await regions.Where(r => r.Code == code || r.ParentCode == code || r.Parent!.ParentCode == code)
            .Select(r => r.Code).ToListAsync(ct);

    /// <summary>
    /// The codes of the regions whose sections count in <paramref name="code"/>'s subtree in <paramref name="period"/>:
    /// its subtree among the <paramref name="visible"/> regions, less those retired by then, plus every region retired
    /// into one of them (<see cref="RegionSuccession"/>).
    /// </summary>
    public static async Task<List<string>> CountingInAsync(
        IQueryable<Data.Region> visible, IQueryable<Data.Region> all, string code, ReportingMonth period, CancellationToken ct)
    {
        var succession = await SuccessionAsync(all, ct);
        return [.. succession.SourcesOf(await SubtreeCodesAsync(visible, code, ct), period)];
    }

    /// <summary>Every retirement recorded: the rule that says where a region's sections count in a period.</summary>
    public static async Task<RegionSuccession> SuccessionAsync(IQueryable<Data.Region> regions, CancellationToken ct)
    {
        var retired = await regions.Where(r => r.SuccessorCode != null)
            .Select(r => new { r.Code, r.SuccessorCode, r.RetiredFrom }).ToListAsync(ct);
        return new(retired.Select(r => new Retirement(r.Code, r.SuccessorCode!, ReportingMonth.Of(r.RetiredFrom!.Value))));
    }

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
