using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Exports;

public static class ExportModeBreakdown
{
    /// <summary>A region's plan and year-to-date actual by mode category and mode for a rolled-up period and scope.</summary>
    public static async Task<Results<FileStreamHttpResult, ValidationProblem, ProblemHttpResult>> Handle(
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
        var (year, m) = month!.Value;
        if (!await db.RollupRuns.AnyAsync(r => r.Year == year && r.Month == m, ct))
        {
            return ExportRequests.NotRolledUp(month.Value);
        }

        var rows = await db.RollupRows.AsNoTracking()
            .Where(r => r.Year == year && r.Month == m && r.RegionCode == region!.Code && r.Scope == scopeValue)
            .Select(r => new ModeBreakdownRow(r.ModeCategory, r.Mode, r.Plan, r.YtdActual))
            .ToListAsync(ct);

        var heading = new ModeBreakdownHeading(region!.Name, month.Value, scopeValue);
        return await ExportFile.SendAsync(http, $"mode-breakdown-{region.Code}-{month.Value}-{scopeValue}.xlsx",
            ExportFile.DisplayName(ModeBreakdownSheet.Title(heading)),
            stream =>
            {
                ModeBreakdownSheet.Write(stream, heading, rows);
                return Task.CompletedTask;
            });
    }
}
