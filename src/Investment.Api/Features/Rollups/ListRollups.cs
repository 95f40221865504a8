using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Regions;
using Investment.Api.Http;
using Investment.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Rollups;

/// <summary>A rolled-up period; approvedReports counts the approved monthly reports of that month the caller may see.</summary>
public sealed record RollupPeriodResponse(string Period, DateTimeOffset ComputedAt, int ApprovedReports);

/// <summary>
/// The rolled-up periods, newest first, and the one a dashboard opens on: the latest rolled-up period with approved
/// reports (in the region, when one is named), so a scheduled roll-up of a month nobody has reported yet is not the
/// default; null when there is none.
/// </summary>
public sealed record RollupPeriodsResponse(string? RegionCode, string? DefaultPeriod, IReadOnlyList<RollupPeriodResponse> Items);

public static class ListRollups
{
    public static async Task<Results<Ok<RollupPeriodsResponse>, ValidationProblem>> Handle(
        CallerScope caller, InvestmentDb db, CancellationToken ct, string? regionCode = null)
    {
        var sections = caller.Sections;
        if (regionCode is not null)
        {
            var codes = await RegionQueries.SubtreeCodesAsync(caller.Regions, regionCode, ct);
            if (codes.Count == 0)
            {
                return Problems.Fields(new Dictionary<string, Message> { ["regionCode"] = Messages.UnknownRegion(regionCode) });
            }
            sections = sections.Where(s => codes.Contains(s.RegionCode));
        }

        var runs = await db.RollupRuns.AsNoTracking().OrderByDescending(r => r.Year).ThenByDescending(r => r.Month).ToListAsync(ct);
        var approved = await db.MonthlyReports.AsNoTracking()
            .Where(r => r.Status == ReportStatuses.Approved && sections.Any(s => s.Id == r.SectionId))
            .GroupBy(r => new { r.Year, r.Month })
            .Select(g => new { g.Key.Year, g.Key.Month, Count = g.Count() })
            .ToDictionaryAsync(g => (g.Year, g.Month), g => g.Count, ct);
        var items = runs
            .Select(r => new RollupPeriodResponse(new ReportingMonth(r.Year, r.Month).ToString(), r.ComputedAt,
                approved.GetValueOrDefault((r.Year, r.Month))))
            .ToList();
        return TypedResults.Ok(new RollupPeriodsResponse(regionCode, items.FirstOrDefault(i => i.ApprovedReports > 0)?.Period, items));
    }
}
