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
    /// The sections expected to report for <paramref name="period"/> (<see cref="SectionQueries.ExpectedToReport"/>, plan
    /// or no plan) whose month is not approved. Optionally within a region (any level) and one project. Sorted by region
    /// code, then project code.
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
        var regionCodes = await RegionQueries.FilterAsync(scope.Regions, regionCode, errors, ct);
        if (errors.Count > 0)
        {
            return Problems.Fields(errors);
        }

        var month = ReportingMonth.Parse(period!);
        return TypedResults.Ok(await ListAsync(db, scope, month, regionCode, regionCodes, projectId, ct));
    }

    /// <summary>
    /// The list behind the endpoint and the 催报 sheet: <paramref name="regionCodes"/> is the region's subtree (null: all
    /// the caller sees). Each item names the e-mails of the headquarters users scoped to its section or project.
    /// </summary>
    public static async Task<MissingReportsResponse> ListAsync(
        InvestmentDb db, CallerScope scope, ReportingMonth month, string? regionCode, List<string>? regionCodes, long? projectId,
        CancellationToken ct)
    {
        var query = scope.Sections.AsNoTracking().ExpectedToReport(month);
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
            .ToList();
        var contacts = await HeadquartersContactsAsync(db, items.Select(r => r.Id).ToList(), items.Select(r => r.ProjectId).Distinct().ToList(), ct);
        var listed = items
            .Select(r => new MissingReportItem(r.Id, r.Name, r.RegionCode, r.RegionName, r.ProjectId, r.ProjectCode, r.ProjectName,
                r.Open?.Status ?? Missing, r.Open?.Revision, r.Open?.UpdatedAt,
                contacts.Where(c => c.SectionId == r.Id || c.ProjectId == r.ProjectId).Select(c => c.Email).Distinct().Order(StringComparer.Ordinal).ToList()))
            .ToList();
        var missing = listed.Count(i => i.State == Missing);
        var counts = new MissingReportCounts(rows.Count, rows.Count - listed.Count, missing, listed.Count - missing);
        return new MissingReportsResponse(month.ToString(), regionCode, projectId, counts, listed);
    }

    private sealed record Contact(long? SectionId, long? ProjectId, string Email);

    /// <summary>Headquarters users (not locked out) scoped to one of the sections or projects: whom to remind.</summary>
    private static async Task<List<Contact>> HeadquartersContactsAsync(InvestmentDb db, List<long> sectionIds, List<long> projectIds, CancellationToken ct)
    {
        if (sectionIds.Count == 0)
        {
            return [];
        }
        var now = DateTimeOffset.UtcNow;
        return await (
                from scopeRow in db.UserScopes
                join user in db.Users on scopeRow.UserId equals user.Id
                where (scopeRow.SectionId != null && sectionIds.Contains(scopeRow.SectionId.Value))
                      || (scopeRow.ProjectId != null && projectIds.Contains(scopeRow.ProjectId.Value))
                where user.Email != null && (user.LockoutEnd == null || user.LockoutEnd <= now)
                where db.UserRoles.Any(ur => ur.UserId == user.Id
                                             && db.Roles.Any(role => role.Id == ur.RoleId && role.Name == Roles.Headquarters))
                select new Contact(scopeRow.SectionId, scopeRow.ProjectId, user.Email!))
            .AsNoTracking().ToListAsync(ct);
    }
}
