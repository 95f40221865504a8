using Investment.Api.Features.Jobs;
using Investment.Api.Features.LandIssues;
using Investment.Api.Features.Regions;
using Investment.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Exports;

public static class ExportLandIssues
{
    public const string Kind = "land-issues";

    /// <summary>
    /// The land-acquisition issues of a region's sections (the region and everything below it), all or only those
    /// open, resolved or overdue today; read live from the issue list, not from a roll-up.
    /// </summary>
    public static Task<Results<FileStreamHttpResult, ValidationProblem, ProblemHttpResult>> Handle(
        HttpContext http, Exporter exporter, CancellationToken ct, string? regionCode = null, string? status = null) =>
        exporter.SendAsync(http, Kind, new ExportQuery(regionCode, Status: status), ct);

    /// <summary>The same list written by a job: 202 with the job to poll; its result links the file.</summary>
    public static Task<Results<Accepted<JobResponse>, ValidationProblem, ProblemHttpResult>> Start(
        Exporter exporter, CancellationToken ct, string? regionCode = null, string? status = null) =>
        exporter.StartAsync(Kind, new ExportQuery(regionCode, Status: status), ct);

    internal static async Task<ExportCheck> PrepareAsync(ExportQuery query, ExportSources sources, CancellationToken ct)
    {
        var (scope, db, clock) = sources;
        var errors = new Dictionary<string, Message>();
        var status = string.IsNullOrEmpty(query.Status) ? "all" : query.Status;
        if (!LandIssueSheet.StatusFilterLabels.ContainsKey(status))
        {
            errors["status"] = Messages.OneOf("all, open, resolved, overdue");
        }
        var region = await ExportRequests.RegionAsync(scope.Regions, query.RegionCode, errors, ct);
        if (errors.Count > 0)
        {
            return ExportCheck.Invalid(errors);
        }

        var today = clock.Today;
        var codes = await RegionQueries.SubtreeCodesAsync(scope.Regions, region!.Code, ct);
        var sections = scope.Sections.Where(s => codes.Contains(s.RegionCode));
        var issues =
            from s in sections
            join i in db.LandIssues on s.Id equals i.SectionId
            select new { Section = s, Issue = i };
        issues = status switch
        {
            "open" => issues.Where(x => x.Issue.ResolvedOn == null || x.Issue.ResolvedOn > today),
            "resolved" => issues.Where(x => x.Issue.ResolvedOn != null && x.Issue.ResolvedOn <= today),
            "overdue" => issues.Where(x => (x.Issue.ResolvedOn == null || x.Issue.ResolvedOn > today) && x.Issue.DueOn < today),
            _ => issues,
        };

        var heading = new LandIssueHeading(region.Name, status, today) { Issuer = sources.IssuedBy(region.Name), ByRegion = codes.Count > 1 };
        return ExportCheck.Ready(new PreparedExport(
            $"land-issues-{region.Code}-{status}.xlsx",
            XlsxAttachment.DisplayName(LandIssueSheet.Title(heading)),
            async (stream, _, token) =>
            {
                var rows = await issues
                    .OrderBy(x => x.Section.RegionCode).ThenBy(x => x.Section.Project!.Code).ThenBy(x => x.Issue.IdentifiedOn)
                    .ThenBy(x => x.Issue.Id)
                    .Select(x => new LandIssueRow(x.Section.Region!.Name, x.Section.Project!.Name, x.Section.Name, x.Issue.Town,
                        x.Issue.Kind, x.Issue.Description, x.Issue.IdentifiedOn, x.Issue.DueOn, x.Issue.ResolvedOn, x.Issue.ResponsibleUnit))
                    .AsNoTracking()
                    .ToListAsync(token);
                // The statistics endpoint's total for the region today, so the block and the dashboard's figures agree.
                var total = await LandIssueStatistics.TotalAsync(db, sections, today, token);
                return LandIssueSheet.Write(stream, heading with
                {
                    Counts = new LandIssueCounts(total.Identified, total.Resolved, total.Open, total.Overdue, total.ResolutionRate),
                }, rows);
            },
            issues.CountAsync));
    }
}
