using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Regions;
using Investment.Api.Http;
using Investment.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.LandIssues;

/// <summary>A page of issues; <c>asOf</c> is the day <c>daysOpen</c> and <c>overdue</c> are measured on (today).</summary>
public sealed record LandIssuePage(IReadOnlyList<LandIssueResponse> Items, int Page, int PageSize, int TotalCount, DateOnly AsOf);

public static class ListLandIssues
{
    public const int MaxPageSize = 200;

    private static readonly string[] SortFields = ["identifiedOn", "dueOn", "resolvedOn", "kind", "town"];

    private static readonly string[] StatusValues = [LandIssueStatuses.Open, LandIssueStatuses.Resolved, LandIssueStatuses.Overdue];

    /// <summary>
    /// Land issues filtered by region at any level (the section's county inside it), project, section, status
    /// (open, resolved, or overdue = open with a due date before today), kind, town and identification dates (inclusive);
    /// paged; sorted by identifiedOn, dueOn, resolvedOn, kind or town (prefix '-' for descending).
    /// </summary>
    public static async Task<Results<Ok<LandIssuePage>, ValidationProblem>> Handle(
        InvestmentDb db, CallerScope scope, BureauClock clock, CancellationToken ct,
        string? regionCode = null, long? projectId = null, long? sectionId = null, string? status = null, string? kind = null,
        string? town = null, string? identifiedFrom = null, string? identifiedTo = null, string? sort = "identifiedOn",
        int page = 1, int pageSize = 50)
    {
        var errors = new Dictionary<string, Message>();
        if (status is not null && !StatusValues.Contains(status)) errors["status"] = new("Must be open, resolved or overdue.", "应为open（未解决）、resolved（已解决）或overdue（超期）。");
        if (kind is not null && !LandIssueKinds.IsKnown(kind)) errors["kind"] = Messages.OneOf(LandIssueKinds.Describe());
        if (town is { Length: > Limits.TownMax }) errors["town"] = Messages.AtMostCharacters(Limits.TownMax);
        var from = LandIssueQueryParameters.Date(identifiedFrom, "identifiedFrom", errors);
        var to = LandIssueQueryParameters.Date(identifiedTo, "identifiedTo", errors);
        if (from is not null && to is not null && to < from) errors["identifiedTo"] = new("Must not be before identifiedFrom.", "结束日期不能早于开始日期。");
        var sortField = (sort ?? "identifiedOn").TrimStart('-');
        if (!SortFields.Contains(sortField)) errors["sort"] = Messages.Sortable(SortFields);
        if (page < 1) errors["page"] = Messages.PageFrom1;
        if (pageSize is < 1 or > MaxPageSize) errors["pageSize"] = Messages.PageSizeUpTo(MaxPageSize);
        if (errors.Count > 0) return Problems.Fields(errors);

        var today = clock.Today;
        var query = LandIssueQueries.Rows(db, scope).AsNoTracking();
        if (regionCode is not null)
        {
            var codes = await RegionQueries.SubtreeCodesAsync(scope.Regions, regionCode, ct);
            if (codes.Count == 0) return Problems.Field("regionCode", Messages.UnknownRegion(regionCode));
            query = query.Where(r => codes.Contains(r.RegionCode));
        }
        if (projectId is not null) query = query.Where(r => r.ProjectId == projectId);
        if (sectionId is not null) query = query.Where(r => r.SectionId == sectionId);
        query = status switch
        {
            LandIssueStatuses.Open => query.Where(r => r.ResolvedOn == null),
            LandIssueStatuses.Resolved => query.Where(r => r.ResolvedOn != null),
            // The same rule as LandIssueAge.IsOverdue, as of today.
            LandIssueStatuses.Overdue => query.Where(r => r.ResolvedOn == null && r.DueOn != null && r.DueOn < today),
            _ => query,
        };
        if (kind is not null) query = query.Where(r => r.Kind == kind);
        if (town is not null) query = query.Where(r => r.Town == town);
        if (from is not null) query = query.Where(r => r.IdentifiedOn >= from);
        if (to is not null) query = query.Where(r => r.IdentifiedOn <= to);

        var descending = sort?.StartsWith('-') == true;
        query = (sortField, descending) switch
        {
            ("dueOn", false) => query.OrderBy(r => r.DueOn).ThenBy(r => r.Id),
            ("dueOn", true) => query.OrderByDescending(r => r.DueOn).ThenByDescending(r => r.Id),
            ("resolvedOn", false) => query.OrderBy(r => r.ResolvedOn).ThenBy(r => r.Id),
            ("resolvedOn", true) => query.OrderByDescending(r => r.ResolvedOn).ThenByDescending(r => r.Id),
            ("kind", false) => query.OrderBy(r => r.Kind).ThenBy(r => r.IdentifiedOn).ThenBy(r => r.Id),
            ("kind", true) => query.OrderByDescending(r => r.Kind).ThenBy(r => r.IdentifiedOn).ThenBy(r => r.Id),
            ("town", false) => query.OrderBy(r => r.Town).ThenBy(r => r.IdentifiedOn).ThenBy(r => r.Id),
            ("town", true) => query.OrderByDescending(r => r.Town).ThenBy(r => r.IdentifiedOn).ThenBy(r => r.Id),
            (_, true) => query.OrderByDescending(r => r.IdentifiedOn).ThenByDescending(r => r.Id),
            _ => query.OrderBy(r => r.IdentifiedOn).ThenBy(r => r.Id),
        };

        var total = await query.CountAsync(ct);
        var rows = await query.Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return TypedResults.Ok(new LandIssuePage(rows.Select(r => LandIssueResponse.From(r, today)).ToList(), page, pageSize, total, today));
    }
}
