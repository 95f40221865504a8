using Investment.Api.Data;
using Investment.Api.Features.Jobs;
using Investment.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Exports;

public static class ExportCountyRanking
{
    public const string Kind = "county-ranking";

    /// <summary>
    /// The ranking table of a city's counties (or a province's cities) for a rolled-up period and scope, ranked by
    /// year-to-date actual, completion rate or year-on-year growth (the roll-up's stored competition ranks), with each
    /// region's assessed task and the share of it done when the scope has tasks.
    /// </summary>
    public static Task<Results<FileStreamHttpResult, ValidationProblem, ProblemHttpResult>> Handle(
        HttpContext http, Exporter exporter, CancellationToken ct,
        string? regionCode = null, string? period = null, [FromQuery(Name = "scope")] string? scopeCode = null, string? rankBy = null) =>
        exporter.SendAsync(http, Kind, new ExportQuery(regionCode, period, scopeCode, rankBy), ct);

    /// <summary>The same table written by a job: 202 with the job to poll; its result links the file.</summary>
    public static Task<Results<Accepted<JobResponse>, ValidationProblem, ProblemHttpResult>> Start(
        Exporter exporter, CancellationToken ct,
        string? regionCode = null, string? period = null, [FromQuery(Name = "scope")] string? scopeCode = null, string? rankBy = null) =>
        exporter.StartAsync(Kind, new ExportQuery(regionCode, period, scopeCode, rankBy), ct);

    internal static async Task<ExportCheck> PrepareAsync(ExportQuery query, ExportSources sources, CancellationToken ct)
    {
        var (scope, db, clock) = sources;
        var errors = new Dictionary<string, Message>();
        var month = ExportRequests.Period(query.Period, clock.Today, errors);
        var scopeValue = ExportRequests.Scope(query.Scope, errors);
        var rankBy = string.IsNullOrEmpty(query.RankBy) ? "ytd" : query.RankBy;
        if (!CountyRankingSheet.RankByLabels.ContainsKey(rankBy))
        {
            errors["rankBy"] = Messages.OneOf("ytd, completion, yoy");
        }
        // A county's planners and leaders see the ranking of their city's counties, though not those counties' projects.
        var region = await ExportRequests.RegionAsync(scope.RollupRegions(byMode: false), query.RegionCode, errors, ct);
        if (region is not null && region.Level == RegionLevels.County)
        {
            errors["regionCode"] = new($"{region.Code} is a county: rankings are of a city's counties or a province's cities.",
                $"{region.Code}是县级行政区：排名只能是地级市下属各县（市、区），或省下属各地级市。");
        }
        if (errors.Count > 0)
        {
            return ExportCheck.Invalid(errors);
        }
        var (year, m) = month!.Value;
        if (!await db.RollupRuns.AnyAsync(r => r.Year == year && r.Month == m, ct))
        {
            return ExportRequests.NotRolledUp(month.Value);
        }

        var heading = new CountyRankingHeading(region!.Name, region.Level == RegionLevels.Province, month.Value, scopeValue, rankBy);
        return ExportCheck.Ready(new PreparedExport(
            $"county-ranking-{region.Code}-{month.Value}-{scopeValue}-{rankBy}.xlsx",
            XlsxAttachment.DisplayName(CountyRankingSheet.Title(heading)),
            async (stream, _, token) =>
            {
                // The children come from the caller's regions (access control narrows them); the figures from the roll-up.
                var rows = await (
                        from child in scope.RollupRegions(byMode: false)
                        where child.ParentCode == region.Code
                        join row in db.RollupRows on child.Code equals row.RegionCode
                        where row.Year == year && row.Month == m && row.ModeCategory == RollupRow.All && row.Mode == RollupRow.All
                              && row.Scope == scopeValue
                        select new { child.Code, child.Name, Row = row })
                    .AsNoTracking()
                    .ToListAsync(token);

                var table = rows
                    .Select(r => new CountyRankingRow(
                        rankBy switch { "completion" => r.Row.RankByCompletion, "yoy" => r.Row.RankByYoy, _ => r.Row.RankByYtd },
                        r.Code, r.Name, r.Row.Plan, r.Row.YtdActual, r.Row.CompletionRate, r.Row.TimeElapsedProgress, r.Row.Lag,
                        r.Row.PreviousYtd, r.Row.YoyGrowth, r.Row.LagStatus == "red", r.Row.Task))
                    // Unranked (no figure to rank by) last; within a rank, by region code.
                    .OrderBy(r => r.Rank ?? int.MaxValue)
                    .ThenBy(r => r.RegionCode, StringComparer.Ordinal)
                    .ToList();
                return CountyRankingSheet.Write(stream, heading, table);
            }));
    }
}
