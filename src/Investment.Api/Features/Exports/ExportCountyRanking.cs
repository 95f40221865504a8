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

    /// <summary>The Chinese file name: the title, basis included, so each basis's table saves under its own name.</summary>
    internal static string DisplayFileName(CountyRankingHeading heading) => XlsxAttachment.DisplayName(CountyRankingSheet.Title(heading));

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

        var heading = new CountyRankingHeading(region!.Name, region.Level == RegionLevels.Province, month.Value, scopeValue, rankBy,
            sources.IssuedBy(region.Name));
        return ExportCheck.Ready(new PreparedExport(
            $"county-ranking-{region.Code}-{month.Value}-{scopeValue}-{rankBy}.xlsx",
            DisplayFileName(heading),
            async (stream, _, token) =>
            {
                var scopeRows = db.RollupRows.Where(r => r.Year == year && r.Month == m && r.ModeCategory == RollupRow.All
                                                         && r.Mode == RollupRow.All && r.Scope == scopeValue);
                // The children come from the caller's regions (access control narrows them); the figures from the roll-up,
                // which has no row for a child without a section in the scope: that child is listed all the same.
                var rows = await (
                        from child in scope.RollupRegions(byMode: false)
                        where child.ParentCode == region.Code
                        join row in scopeRows on child.Code equals row.RegionCode into found
                        from row in found.DefaultIfEmpty()
                        select new { child.Code, child.Name, Row = row })
                    .AsNoTracking()
                    .ToListAsync(token);
                var parent = await scopeRows.AsNoTracking().SingleOrDefaultAsync(r => r.RegionCode == region.Code, token);

                var table = rows
                    .Select(r => r.Row is null ? CountyRankingRow.Empty(r.Code, r.Name) : Figures(r.Row, r.Code, r.Name, rankBy))
                    // Unranked (no plan, or no figure to rank by) last; within a rank, by region code.
                    .OrderBy(r => r.Rank ?? int.MaxValue)
                    .ThenBy(r => r.RegionCode, StringComparer.Ordinal)
                    .ToList();
                var total = parent is null ? CountyRankingRow.Empty(region.Code, region.Name) : Figures(parent, region.Code, region.Name, rankBy);
                return CountyRankingSheet.Write(stream, heading, table, total);
            }));
    }

    private static CountyRankingRow Figures(RollupRow row, string code, string name, string rankBy)
    {
        var rank = rankBy switch { "completion" => row.RankByCompletion, "yoy" => row.RankByYoy, _ => row.RankByYtd };
        var figures = new CountyRankingRow(rank, code, name, row.Plan, row.YtdActual, row.CompletionRate, row.TimeElapsedProgress,
            row.Lag, row.PreviousYtd, row.YoyGrowth, row.LagStatus, row.Task, row.YearEndForecast);
        // The roll-up ranks a child without a plan on what it did; the table shows it 无计划 and unranked.
        return figures.HasPlan ? figures : figures with { Rank = null };
    }
}
