using Investment.Api.Features.Jobs;
using Investment.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Exports;

public static class ExportModeBreakdown
{
    public const string Kind = "mode-breakdown";

    /// <summary>
    /// A region's plan, year-to-date actual, completion and growth by mode category and mode for a rolled-up period and scope.
    /// </summary>
    public static Task<Results<FileStreamHttpResult, ValidationProblem, ProblemHttpResult>> Handle(
        HttpContext http, Exporter exporter, CancellationToken ct,
        string? regionCode = null, string? period = null, [FromQuery(Name = "scope")] string? scopeCode = null) =>
        exporter.SendAsync(http, Kind, new ExportQuery(regionCode, period, scopeCode), ct);

    /// <summary>The same table written by a job: 202 with the job to poll; its result links the file.</summary>
    public static Task<Results<Accepted<JobResponse>, ValidationProblem, ProblemHttpResult>> Start(
        Exporter exporter, CancellationToken ct,
        string? regionCode = null, string? period = null, [FromQuery(Name = "scope")] string? scopeCode = null) =>
        exporter.StartAsync(Kind, new ExportQuery(regionCode, period, scopeCode), ct);

    internal static async Task<ExportCheck> PrepareAsync(ExportQuery query, ExportSources sources, CancellationToken ct)
    {
        var (scope, db, clock) = sources;
        var errors = new Dictionary<string, Message>();
        var month = ExportRequests.Period(query.Period, clock.Today, errors);
        var scopeValue = ExportRequests.Scope(query.Scope, errors);
        var region = await ExportRequests.RegionAsync(scope.RollupRegions(byMode: true), query.RegionCode, errors, ct);
        if (errors.Count > 0)
        {
            return ExportCheck.Invalid(errors);
        }
        var (year, m) = month!.Value;
        if (!await db.RollupRuns.AnyAsync(r => r.Year == year && r.Month == m, ct))
        {
            return ExportRequests.NotRolledUp(month.Value);
        }

        var heading = new ModeBreakdownHeading(region!.Name, month.Value, scopeValue, sources.IssuedBy(region.Name));
        return ExportCheck.Ready(new PreparedExport(
            $"mode-breakdown-{region.Code}-{month.Value}-{scopeValue}.xlsx",
            XlsxAttachment.DisplayName(ModeBreakdownSheet.Title(heading)),
            async (stream, _, token) =>
            {
                var rows = await db.RollupRows.AsNoTracking()
                    .Where(r => r.Year == year && r.Month == m && r.RegionCode == region.Code && r.Scope == scopeValue)
                    .Select(r => new ModeBreakdownRow(r.ModeCategory, r.Mode, r.Plan, r.YtdActual, r.PreviousYtd, r.CompletionRate, r.YoyGrowth))
                    .ToListAsync(token);
                return ModeBreakdownSheet.Write(stream, heading, rows);
            }));
    }
}
