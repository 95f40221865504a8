using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Regions;
using Investment.Api.Http;
using Investment.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Reporting;

public static class MissingReports
{
    public const string Missing = "missing";

    /// <summary>
    /// The sections expected to report for <paramref name="period"/> whose month is not approved: expected are the
    /// sections of active projects that have an annual plan for the period's year and report from that month or
    /// earlier. Optionally within a region (any level) and one project. Sorted by region code, then project code.
    /// </summary>
    public static async Task<Results<Ok<MissingReportsResponse>, ValidationProblem>> Handle(
        string? period, string? regionCode, long? projectId, InvestmentDb db, CallerScope scope, BureauClock clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, Message>(StringComparer.Ordinal);
        if (period is null)
        {
            errors["period"] = new("Give the period to check, e.g. period=2023-12.", "请指定要检查的月份，例如period=2023-12。");
        }
        else if (ReportRules.PeriodError(period, clock.Today) is { } periodError)
        {
            errors["period"] = periodError;
        }
        List<string>? regionCodes = null;
        if (regionCode is not null)
        {
            regionCodes = await RegionQueries.SubtreeCodesAsync(scope.Regions, regionCode, ct);
            if (regionCodes.Count == 0)
            {
                errors["regionCode"] = Messages.UnknownRegion(regionCode);
            }
        }
        if (errors.Count > 0)
        {
            return Problems.Fields(errors);
        }

        var month = ReportingMonth.Parse(period!);
        var firstDay = month.FirstDay;
        var query = scope.Sections.AsNoTracking()
            .Where(s => s.Project!.Status == ProjectStatuses.Active
                        && s.AnnualPlans.Any(a => a.Year == month.Year)
                        && s.ActiveFrom <= firstDay);
        if (regionCodes is not null)
        {
            query = query.Where(s => regionCodes.Contains(s.RegionCode));
        }
        if (projectId is not null)
        {
            query = query.Where(s => s.ProjectId == projectId);
        }
        var rows = await query
            .Select(s => new
            {
                s.Id, s.Name, s.RegionCode, RegionName = s.Region!.Name, s.ProjectId, ProjectCode = s.Project!.Code,
                ProjectName = s.Project.Name,
                Approved = db.MonthlyReports.Any(r => r.SectionId == s.Id && r.Year == month.Year && r.Month == month.Month
                                                      && r.Status == ReportStatuses.Approved),
                Open = db.MonthlyReports
                    .Where(r => r.SectionId == s.Id && r.Year == month.Year && r.Month == month.Month
                                && ReportStatuses.Open.Contains(r.Status))
                    .Select(r => new { r.Status, r.Revision, r.UpdatedAt })
                    .FirstOrDefault(),
            })
            .OrderBy(s => s.RegionCode).ThenBy(s => s.ProjectCode).ThenBy(s => s.Id)
            .ToListAsync(ct);

        var items = rows.Where(r => !r.Approved)
            .Select(r => new MissingReportItem(r.Id, r.Name, r.RegionCode, r.RegionName, r.ProjectId, r.ProjectCode, r.ProjectName,
                r.Open?.Status ?? Missing, r.Open?.Revision, r.Open?.UpdatedAt))
            .ToList();
        var missing = items.Count(i => i.State == Missing);
        var counts = new MissingReportCounts(rows.Count, rows.Count - items.Count, missing, items.Count - missing);
        return TypedResults.Ok(new MissingReportsResponse(month.ToString(), regionCode, projectId, counts, items));
    }
}
