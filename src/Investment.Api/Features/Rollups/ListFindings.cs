using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Regions;
using Investment.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Rollups;

public sealed record FindingResponse(long Id, string Kind, string? RegionCode, long? ProjectId, long? SectionId, string Message);

public sealed record FindingPage(
    string Period, IReadOnlyDictionary<string, int> CountByKind, IReadOnlyList<FindingResponse> Items, int Page, int PageSize, int TotalCount);

public static class ListFindings
{
    public const int MaxPageSize = 500;

    /// <summary>
    /// The data-quality findings recorded with a period's roll-up, optionally for a region (and everything below it) and
    /// of one kind; paged. 404 when the period has not been rolled up yet.
    /// </summary>
    public static async Task<Results<Ok<FindingPage>, ProblemHttpResult, ValidationProblem>> Handle(
        string period, CallerScope caller, InvestmentDb db, CancellationToken ct,
        string? regionCode = null, string? kind = null, int page = 1, int pageSize = 100)
    {
        var errors = new Dictionary<string, Message>();
        if (!RollupEndpoints.TryParsePeriod(period, out var month)) errors["period"] = RollupEndpoints.PeriodError;
        if (kind is not null && !FindingKinds.All.Contains(kind)) errors["kind"] = Messages.OneOf(string.Join(", ", FindingKinds.All));
        if (page < 1) errors["page"] = Messages.PageFrom1;
        if (pageSize is < 1 or > MaxPageSize) errors["pageSize"] = Messages.PageSizeUpTo(MaxPageSize);
        List<string>? codes = null;
        if (regionCode is not null)
        {
            codes = await RegionQueries.SubtreeCodesAsync(caller.Regions, regionCode, ct);
            if (codes.Count == 0) errors["regionCode"] = Messages.UnknownRegion(regionCode);
        }
        if (errors.Count > 0) return Problems.Fields(errors);

        if (!await db.RollupRuns.AnyAsync(r => r.Year == month.Year && r.Month == month.Month, ct))
        {
            return RollupEndpoints.NotRolledUp(month);
        }

        // Findings are read through the regions the caller may see; the few without a region are bureau-wide.
        var query = db.DataQualityFindings.AsNoTracking()
            .Where(f => f.Year == month.Year && f.Month == month.Month
                        && (f.RegionCode == null || caller.Regions.Any(g => g.Code == f.RegionCode)));
        if (codes is not null) query = query.Where(f => f.RegionCode != null && codes.Contains(f.RegionCode));
        var countByKind = await query.GroupBy(f => f.Kind).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        if (kind is not null) query = query.Where(f => f.Kind == kind);
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(f => f.Kind).ThenBy(f => f.RegionCode).ThenBy(f => f.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(f => new FindingResponse(f.Id, f.Kind, f.RegionCode, f.ProjectId, f.SectionId, f.Message))
            .ToListAsync(ct);
        return TypedResults.Ok(new FindingPage(month.ToString(), countByKind, items, page, pageSize, total));
    }
}
