using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Regions;
using Investment.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Exports;

public static class ExportProjectDetail
{
    /// <summary>
    /// One row per section of a region (and everything below it) for a period: plan, the month's and the year-to-date
    /// approved figures, completion, physical progress, narrative and problems. Read live from the approved reports,
    /// so it needs no roll-up; streamed from the database reader into the sheet.
    /// </summary>
    public static async Task<Results<FileStreamHttpResult, ValidationProblem>> Handle(
        HttpContext http, CallerScope scope, InvestmentDb db, BureauClock clock, CancellationToken ct,
        string? regionCode = null, string? period = null, [FromQuery(Name = "scope")] string? scopeCode = null)
    {
        var errors = new Dictionary<string, string[]>();
        var month = ExportRequests.Period(period, clock.Today, errors);
        var scopeValue = ExportRequests.Scope(scopeCode, errors);
        var region = await ExportRequests.RegionAsync(scope.Regions, regionCode, errors, ct);
        if (errors.Count > 0)
        {
            return Problems.Fields(errors);
        }

        var rows = Query(scope, db, await RegionQueries.SubtreeCodesAsync(scope.Regions, region!.Code, ct), month!.Value, scopeValue);
        var heading = new ProjectDetailHeading(region.Name, month.Value, scopeValue);
        return await ExportFile.SendAsync(http, $"project-detail-{region.Code}-{month.Value}-{scopeValue}.xlsx",
            ExportFile.DisplayName(ProjectDetailSheet.Title(heading)),
            stream => ProjectDetailSheet.WriteAsync(stream, heading, rows.AsAsyncEnumerable(), ct));
    }

    /// <summary>
    /// Sections of the regions that report in the period or have figures for its year, with their plan, the month's
    /// approved report and the sum of the approved reports of January to the month — joined, not queried per section,
    /// so 200,000 sections are one hash join.
    /// </summary>
    internal static IQueryable<ProjectDetailRow> Query(CallerScope scope, InvestmentDb db, List<string> regionCodes,
        Domain.ReportingMonth period, string scopeCode)
    {
        var (year, month) = period;
        var lastDay = period.LastDay;
        var approved = db.MonthlyReports.Where(r => r.Year == year && r.Month <= month && r.Status == ReportStatuses.Approved);
        var yearToDate = approved.GroupBy(r => r.SectionId).Select(g => new { SectionId = g.Key, Actual = g.Sum(r => r.MonthActual) });
        var ofMonth = approved.Where(r => r.Month == month);
        var plans = db.AnnualPlans.Where(p => p.Year == year);

        var sections = scope.Sections.Where(s => regionCodes.Contains(s.RegionCode));
        if (scopeCode != RollupRow.All)
        {
            sections = sections.Where(s => s.Project!.Scopes.Any(ps => ps.Scope == scopeCode));
        }
        // Archived projects still show for a year they have a plan or figures in.
        sections = sections.Where(s => (s.Project!.Status == ProjectStatuses.Active && s.ActiveFrom <= lastDay)
                                       || plans.Any(p => p.SectionId == s.Id) || approved.Any(r => r.SectionId == s.Id));

        return
            from s in sections
            join p in plans on s.Id equals p.SectionId into sp
            from p in sp.DefaultIfEmpty()
            join r in ofMonth on s.Id equals r.SectionId into sr
            from r in sr.DefaultIfEmpty()
            join y in yearToDate on s.Id equals y.SectionId into sy
            from y in sy.DefaultIfEmpty()
            orderby s.RegionCode, s.Project!.Code, s.Name, s.Id
            select new ProjectDetailRow(
                s.Region!.Name, s.Project!.Code, s.Project!.Name, s.Project!.Mode, s.Name,
                p == null ? null : p.PlannedInvestment,
                r == null ? null : r.MonthActual,
                y == null ? null : y.Actual,
                r == null ? null : r.PhysicalProgress,
                r == null ? null : r.Narrative,
                r == null ? null : r.Problems);
    }
}
