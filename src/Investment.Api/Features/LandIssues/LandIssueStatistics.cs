using System.Globalization;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Regions;
using Investment.Api.Http;
using Investment.Domain.LandIssues;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.LandIssues;

/// <summary>
/// Land-issue counts for one group as they stood on <c>asOf</c>: identified (identified on or before), resolved (resolved
/// on or before), open (the rest of the identified), overdue (open with a due date before asOf).
/// <c>resolutionRate</c> = resolved ÷ identified, unrounded, null when none was identified. <c>openByAge</c> has every
/// age bucket (days since identification) and <c>openByKind</c> every kind, zeros included, each summing to
/// <c>open</c>. <c>group</c> says what the row is (section, project, region or total); the identifiers it does not use
/// are null.
/// </summary>
public sealed record LandIssueStatsRow(
    string Group,
    long? SectionId,
    string? SectionName,
    long? ProjectId,
    string? ProjectCode,
    string? ProjectName,
    string? RegionCode,
    string? RegionName,
    int Identified,
    int Resolved,
    int Open,
    int Overdue,
    decimal? ResolutionRate,
    IReadOnlyDictionary<string, int> OpenByAge,
    IReadOnlyDictionary<string, int> OpenByKind);

/// <summary>
/// One row per group with at least one issue identified by <c>asOf</c>, and the total of everything selected (for
/// groupBy=region: the requested region's total, its code and name on the total row).
/// </summary>
public sealed record LandIssueStats(
    DateOnly AsOf,
    string GroupBy,
    string? RegionCode,
    long? ProjectId,
    IReadOnlyList<string> AgeBuckets,
    IReadOnlyList<LandIssueStatsRow> Rows,
    LandIssueStatsRow Total);

public static class LandIssueStatistics
{
    private static readonly string[] GroupByValues = ["section", "project", "region"];

    /// <summary>
    /// Counts identified / resolved / open / overdue, resolution rate and open issues by age and kind, per section,
    /// project or county, as they stood on asOf (default today). An issue reopened later still counts as resolved on the
    /// days it was resolved (land_issue_reopenings keeps those periods).
    /// </summary>
    public static async Task<Results<Ok<LandIssueStats>, ValidationProblem, ProblemHttpResult>> Handle(
        InvestmentDb db, CallerScope scope, BureauClock clock, CancellationToken ct,
        string? groupBy = "project", string? regionCode = null, long? projectId = null, string? asOf = null)
    {
        var errors = new Dictionary<string, Message>();
        groupBy ??= "project";
        if (!GroupByValues.Contains(groupBy)) errors["groupBy"] = new("Must be section, project or region.", "应为section（按标段）、project（按项目）或region（按行政区）。");
        var day = LandIssueQueryParameters.Date(asOf, "asOf", errors) ?? clock.Today;
        if (day > clock.Today) errors["asOf"] = LandIssueRules.NotInFuture;
        else if (day < LandIssueRules.Earliest) errors["asOf"] = LandIssueRules.NotBefore1990;
        if (errors.Count > 0) return Problems.Fields(errors);

        string? regionName = null;
        var issues = IssuesOn(db, scope.Sections, day);
        if (regionCode is not null)
        {
            var codes = await RegionQueries.SubtreeCodesAsync(scope.Regions, regionCode, ct);
            if (codes.Count == 0) return Problems.Field("regionCode", Messages.UnknownRegion(regionCode));
            regionName = await scope.Regions.Where(r => r.Code == regionCode).Select(r => r.Name).SingleAsync(ct);
            issues = issues.Where(x => codes.Contains(x.RegionCode));
        }
        if (projectId is not null)
        {
            if (!await scope.Projects.AnyAsync(p => p.Id == projectId, ct)) return Problems.NotFound(new($"Project {projectId}", $"项目{projectId}"));
            issues = issues.Where(x => x.ProjectId == projectId);
        }

        // Counted per section in SQL; sections are few, so rolling them up to projects and counties is cheap here.
        var counts = await CountPerSectionAsync(issues, day, ct);
        // Open issues by identification day and kind: the age bucket is the domain's rule, applied to each day.
        var open = await issues.Where(x => !x.ResolvedThen)
            .GroupBy(x => new { x.SectionId, x.IdentifiedOn, x.Kind })
            .Select(g => new OpenCount(g.Key.SectionId, g.Key.IdentifiedOn, g.Key.Kind, g.Count()))
            .ToListAsync(ct);
        var sectionIds = counts.Select(c => c.SectionId).ToList();
        var sections = await scope.Sections.AsNoTracking().Where(s => sectionIds.Contains(s.Id))
            .Select(s => new SectionInfo(s.Id, s.Name, s.ProjectId, s.Project!.Code, s.Project.Name, s.RegionCode, s.Region!.Name))
            .ToDictionaryAsync(s => s.Id, ct);

        Func<SectionInfo, string> keyOf = groupBy switch
        {
            "section" => s => s.Id.ToString(CultureInfo.InvariantCulture),
            "project" => s => s.ProjectId.ToString(CultureInfo.InvariantCulture),
            _ => s => s.RegionCode,
        };
        var rows = counts.GroupBy(c => keyOf(sections[c.SectionId]))
            .Select(g =>
            {
                var first = sections[g.First().SectionId];
                var members = g.Select(c => c.SectionId).ToHashSet();
                var row = Row(groupBy, g.ToList(), open.Where(o => members.Contains(o.SectionId)), day);
                return groupBy switch
                {
                    "section" => row with
                    {
                        SectionId = first.Id,
                        SectionName = first.Name,
                        ProjectId = first.ProjectId,
                        ProjectCode = first.ProjectCode,
                        ProjectName = first.ProjectName,
                        RegionCode = first.RegionCode,
                        RegionName = first.RegionName,
                    },
                    "project" => row with { ProjectId = first.ProjectId, ProjectCode = first.ProjectCode, ProjectName = first.ProjectName },
                    _ => row with { RegionCode = first.RegionCode, RegionName = first.RegionName },
                };
            })
            .OrderBy(r => r.ProjectCode, StringComparer.Ordinal)
            .ThenBy(r => r.RegionCode, StringComparer.Ordinal)
            .ThenBy(r => r.SectionId)
            .ToList();
        var total = Row("total", counts, open, day) with { RegionCode = regionCode, RegionName = regionName, ProjectId = projectId };
        return TypedResults.Ok(new LandIssueStats(day, groupBy, regionCode, projectId, LandIssueAge.Buckets, rows, total));
    }

    /// <summary>
    /// The issues of <paramref name="sections"/> as they stood on <paramref name="day"/>: identified by then, and whether
    /// resolved then — by the current resolution, or within a resolution later reopened.
    /// </summary>
    internal static IQueryable<IssueOnDay> IssuesOn(InvestmentDb db, IQueryable<Section> sections, DateOnly day) =>
        from s in sections
        join i in db.LandIssues on s.Id equals i.SectionId
        where i.IdentifiedOn <= day
        select new IssueOnDay
        {
            SectionId = s.Id, ProjectId = s.ProjectId, RegionCode = s.RegionCode, IdentifiedOn = i.IdentifiedOn, DueOn = i.DueOn,
            ResolvedThen = i.ResolvedOn <= day
                           || db.LandIssueReopenings.Any(r => r.LandIssueId == i.Id && r.ResolvedOn <= day && r.ReopenedOn > day),
            Kind = i.Kind,
        };

    /// <summary>Identified, resolved and overdue per section, counted in SQL.</summary>
    internal static Task<List<SectionCounts>> CountPerSectionAsync(IQueryable<IssueOnDay> issues, DateOnly day, CancellationToken ct) =>
        issues.GroupBy(x => x.SectionId)
            .Select(g => new SectionCounts(
                g.Key,
                g.Count(),
                g.Count(x => x.ResolvedThen),
                g.Count(x => !x.ResolvedThen && x.DueOn < day)))
            .ToListAsync(ct);

    /// <summary>
    /// The statistics' total of the issues of <paramref name="sections"/> on <paramref name="day"/> (identified,
    /// resolved, open, overdue, resolution rate), without the by-age and by-kind breakdowns: what
    /// <c>GET /land-issues/stats</c> answers as its total for the same sections and day.
    /// </summary>
    public static async Task<LandIssueStatsRow> TotalAsync(InvestmentDb db, IQueryable<Section> sections, DateOnly day, CancellationToken ct) =>
        Row("total", await CountPerSectionAsync(IssuesOn(db, sections, day), day, ct), [], day);

    private static LandIssueStatsRow Row(string group, IReadOnlyCollection<SectionCounts> counts, IEnumerable<OpenCount> open, DateOnly asOf)
    {
        var identified = counts.Sum(c => c.Identified);
        var resolved = counts.Sum(c => c.Resolved);
        var byAge = LandIssueAge.Buckets.ToDictionary(b => b, _ => 0, StringComparer.Ordinal);
        var byKind = LandIssueKinds.All.ToDictionary(k => k, _ => 0, StringComparer.Ordinal);
        foreach (var o in open)
        {
            byAge[LandIssueAge.Bucket(LandIssueAge.DaysOpen(o.IdentifiedOn, null, asOf))] += o.Count;
            // A kind outside the list cannot be stored (ck_land_issues_kind); counting it anyway keeps the sum honest.
            byKind[o.Kind] = byKind.GetValueOrDefault(o.Kind) + o.Count;
        }
        return new LandIssueStatsRow(group, null, null, null, null, null, null, null,
            identified, resolved, identified - resolved, counts.Sum(c => c.Overdue),
            ResolutionRate.Of(resolved, identified), byAge, byKind);
    }

    internal sealed record SectionCounts(long SectionId, int Identified, int Resolved, int Overdue);

    /// <summary>A member-initialised class, not a record, so EF can still filter on its members after the projection.</summary>
    internal sealed class IssueOnDay
    {
        public long SectionId { get; init; }
        public long ProjectId { get; init; }
        public required string RegionCode { get; init; }
        public DateOnly IdentifiedOn { get; init; }
        public DateOnly? DueOn { get; init; }
        public bool ResolvedThen { get; init; }
        public required string Kind { get; init; }
    }

    private sealed record OpenCount(long SectionId, DateOnly IdentifiedOn, string Kind, int Count);

    private sealed record SectionInfo(
        long Id, string Name, long ProjectId, string ProjectCode, string ProjectName, string RegionCode, string RegionName);
}
