using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Exports;

public static class ExportCountyRanking
{
    /// <summary>
    /// The ranking table of a city's counties (or a province's cities) for a rolled-up period and scope, ranked by
    /// year-to-date actual, completion rate or year-on-year growth (the roll-up's stored competition ranks).
    /// </summary>
    public static async Task<Results<FileStreamHttpResult, ValidationProblem, ProblemHttpResult>> Handle(
        HttpContext http, CallerScope scope, InvestmentDb db, BureauClock clock, CancellationToken ct,
        string? regionCode = null, string? period = null, [FromQuery(Name = "scope")] string? scopeCode = null, string? rankBy = "ytd")
    {
        var errors = new Dictionary<string, string[]>();
        var month = ExportRequests.Period(period, clock.Today, errors);
        var scopeValue = ExportRequests.Scope(scopeCode, errors);
        rankBy ??= "ytd";
        if (!CountyRankingSheet.RankByLabels.ContainsKey(rankBy))
        {
            errors["rankBy"] = ["Must be one of: ytd, completion, yoy."];
        }
        // A county's planners and leaders see the ranking of their city's counties, though not those counties' projects.
        var region = await ExportRequests.RegionAsync(scope.RankingRegions, regionCode, errors, ct);
        if (region is not null && region.Level == RegionLevels.County)
        {
            errors["regionCode"] = [$"{region.Code} is a county: rankings are of a city's counties or a province's cities."];
        }
        if (errors.Count > 0)
        {
            return Problems.Fields(errors);
        }
        var (year, m) = month!.Value;
        if (!await db.RollupRuns.AnyAsync(r => r.Year == year && r.Month == m, ct))
        {
            return ExportRequests.NotRolledUp(month.Value);
        }

        // The children come from the caller's regions (access control narrows them); the figures from the roll-up.
        var rows = await (
                from child in scope.RankingRegions
                where child.ParentCode == region!.Code
                join row in db.RollupRows on child.Code equals row.RegionCode
                where row.Year == year && row.Month == m && row.ModeCategory == RollupRow.All && row.Mode == RollupRow.All
                      && row.Scope == scopeValue
                select new { child.Code, child.Name, Row = row })
            .AsNoTracking()
            .ToListAsync(ct);

        var table = rows
            .Select(r => new CountyRankingRow(
                rankBy switch { "completion" => r.Row.RankByCompletion, "yoy" => r.Row.RankByYoy, _ => r.Row.RankByYtd },
                r.Code, r.Name, r.Row.Plan, r.Row.YtdActual, r.Row.CompletionRate, r.Row.TimeElapsedProgress, r.Row.Lag,
                r.Row.PreviousYtd, r.Row.YoyGrowth, r.Row.LagStatus == "red"))
            // Unranked (no figure to rank by) last; within a rank, by region code.
            .OrderBy(r => r.Rank ?? int.MaxValue)
            .ThenBy(r => r.RegionCode, StringComparer.Ordinal)
            .ToList();

        var heading = new CountyRankingHeading(region!.Name, region.Level == RegionLevels.Province, month.Value, scopeValue, rankBy);
        return await ExportFile.SendAsync(http, $"county-ranking-{region.Code}-{month.Value}-{scopeValue}-{rankBy}.xlsx",
            ExportFile.DisplayName(CountyRankingSheet.Title(heading)),
            stream =>
            {
                CountyRankingSheet.Write(stream, heading, table);
                return Task.CompletedTask;
            });
    }
}
