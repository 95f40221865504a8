using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Regions;
using Investment.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Exports;

public static class ExportLandIssues
{
    /// <summary>
    /// The land-acquisition issues of a region's sections (the region and everything below it), all or only those
    /// open, resolved or overdue today; read live from the issue list, not from a roll-up.
    /// </summary>
    public static async Task<Results<FileStreamHttpResult, ValidationProblem>> Handle(
        HttpContext http, CallerScope scope, InvestmentDb db, BureauClock clock, CancellationToken ct,
        string? regionCode = null, string? status = "all")
    {
        var errors = new Dictionary<string, string[]>();
        status ??= "all";
        if (!LandIssueSheet.StatusFilterLabels.ContainsKey(status))
        {
            errors["status"] = ["Must be one of: all, open, resolved, overdue."];
        }
        var region = await ExportRequests.RegionAsync(scope.Regions, regionCode, errors, ct);
        if (errors.Count > 0)
        {
            return Problems.Fields(errors);
        }

        var today = clock.Today;
        var codes = await RegionQueries.SubtreeCodesAsync(scope.Regions, region!.Code, ct);
        var issues =
            from s in scope.Sections
            where codes.Contains(s.RegionCode)
            join i in db.LandIssues on s.Id equals i.SectionId
            select new { Section = s, Issue = i };
        issues = status switch
        {
            "open" => issues.Where(x => x.Issue.ResolvedOn == null || x.Issue.ResolvedOn > today),
            "resolved" => issues.Where(x => x.Issue.ResolvedOn != null && x.Issue.ResolvedOn <= today),
            "overdue" => issues.Where(x => (x.Issue.ResolvedOn == null || x.Issue.ResolvedOn > today) && x.Issue.DueOn < today),
            _ => issues,
        };
        var rows = await issues
            .OrderBy(x => x.Section.RegionCode).ThenBy(x => x.Section.Project!.Code).ThenBy(x => x.Issue.IdentifiedOn).ThenBy(x => x.Issue.Id)
            .Select(x => new LandIssueRow(x.Section.Region!.Name, x.Section.Project!.Name, x.Section.Name, x.Issue.Town, x.Issue.Kind,
                x.Issue.Description, x.Issue.IdentifiedOn, x.Issue.DueOn, x.Issue.ResolvedOn, x.Issue.ResponsibleUnit))
            .AsNoTracking()
            .ToListAsync(ct);

        var heading = new LandIssueHeading(region.Name, status, today);
        return await ExportFile.SendAsync(http, $"land-issues-{region.Code}-{status}.xlsx",
            ExportFile.DisplayName(LandIssueSheet.Title(heading)),
            stream =>
            {
                LandIssueSheet.Write(stream, heading, rows);
                return Task.CompletedTask;
            });
    }
}
