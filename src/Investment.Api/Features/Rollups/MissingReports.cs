using Investment.Api.Data;
using Investment.Api.Features.Reporting;
using Investment.Domain;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Rollups;

/// <summary>A section that owes the period's report, and how far its report has got (missing, draft, submitted, returned).</summary>
public sealed record MissingSection(
    long SectionId, string SectionName, long ProjectId, string ProjectCode, string ProjectName, string RegionCode,
    string RegionName, string State);

/// <summary>The reminder job's result: who still owes the closing period's report.</summary>
public sealed record MissingReportsResult(
    string Period, int ExpectedSections, int MissingCount, IReadOnlyDictionary<string, int> ByState,
    IReadOnlyList<MissingSection> Sections);

public static class MissingReports
{
    public const string Missing = "missing";

    /// <summary>
    /// Sections expected to report for <paramref name="period"/> (<see cref="SectionQueries.ExpectedToReport"/>) that have
    /// no approved report for it — among <paramref name="visible"/>, the ones the job's starter may see
    /// (CallerScope.Sections).
    /// </summary>
    public static async Task<MissingReportsResult> FindAsync(InvestmentDb db, IQueryable<Section> visible, ReportingMonth period, CancellationToken ct)
    {
        var (year, month) = period;
        var expected = visible.AsNoTracking().ExpectedToReport(period);
        var expectedCount = await expected.CountAsync(ct);
        var rows = await expected
            .Where(s => !db.MonthlyReports.Any(r => r.SectionId == s.Id && r.Year == year && r.Month == month && r.Status == ReportStatuses.Approved))
            .OrderBy(s => s.RegionCode).ThenBy(s => s.Project!.Code).ThenBy(s => s.Id)
            .Select(s => new
            {
                s.Id, s.Name, s.ProjectId, ProjectCode = s.Project!.Code, ProjectName = s.Project.Name, s.RegionCode,
                RegionName = s.Region!.Name,
                Open = db.MonthlyReports
                    .Where(r => r.SectionId == s.Id && r.Year == year && r.Month == month && ReportStatuses.Open.Contains(r.Status))
                    .Select(r => r.Status).FirstOrDefault(),
            })
            .ToListAsync(ct);

        var sections = rows.Select(r => new MissingSection(
            r.Id, r.Name, r.ProjectId, r.ProjectCode, r.ProjectName, r.RegionCode, r.RegionName, r.Open ?? Missing)).ToList();
        var byState = new[] { Missing, ReportStatuses.Draft, ReportStatuses.Submitted, ReportStatuses.Returned }
            .ToDictionary(state => state, state => sections.Count(s => s.State == state));
        return new MissingReportsResult(period.ToString(), expectedCount, sections.Count, byState, sections);
    }
}
