using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Projects;
using Investment.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Rollups;

/// <summary>One region's figures for a mode and scope. Money in 万元; rates are ratios (1.036 = 103.6%).</summary>
public sealed record RollupRowResponse(
    string RegionCode, string RegionName, string RegionLevel, string? ParentCode, string ModeCategory, string Mode, string Scope,
    int SectionCount, decimal Plan, decimal PlannedToDate, decimal MonthActual, decimal YtdActual, decimal PreviousYtd,
    decimal? Task, decimal? YoyGrowth, decimal? CompletionRate, decimal? TimeElapsedProgress, decimal? Lag, string? LagStatus,
    int? Rank, int? RankByYtd, int? RankByCompletion, int? RankByYoy);

/// <summary>
/// A roll-up read: <see cref="Region"/> is the region asked for (null when none was), <see cref="Items"/> the regions
/// below it — or the provinces when no region was named — ordered by <see cref="RankBy"/>.
/// </summary>
public sealed record RollupResponse(
    string Period, DateTimeOffset ComputedAt, Guid? JobId, string Scope, string ModeCategory, string Mode, string RankBy,
    RollupRowResponse? Region, IReadOnlyList<RollupRowResponse> Items);

public static class GetRollup
{
    private static readonly string[] RankMetrics = ["ytd", "completion", "yoy"];

    /// <summary>
    /// The rolled-up figures of a period for one mode and scope: a region and its children ranked (by year-to-date
    /// actual, completion rate or year-on-year growth). 404 when the period has not been rolled up yet.
    /// </summary>
    public static async Task<Results<Ok<RollupResponse>, ProblemHttpResult, ValidationProblem>> Handle(
        string period, CallerScope caller, InvestmentDb db, CancellationToken ct,
        string? regionCode = null, string scope = RollupRow.All, string modeCategory = RollupRow.All, string mode = RollupRow.All,
        string rankBy = "ytd")
    {
        var errors = new Dictionary<string, string[]>();
        if (!RollupEndpoints.TryParsePeriod(period, out var month)) errors["period"] = [RollupEndpoints.PeriodError];
        if (scope != RollupRow.All && !Scopes.IsKnown(scope)) errors["scope"] = [$"Must be all or one of: {Scopes.Describe()}."];
        var categories = Modes.CategoryOf.Values.Distinct().Order(StringComparer.Ordinal).ToList();
        if (mode != RollupRow.All)
        {
            if (!Modes.IsKnown(mode)) errors["mode"] = [$"Must be all or one of: {Modes.Describe()}."];
            else if (modeCategory == RollupRow.All) modeCategory = Modes.CategoryOf[mode];
            else if (Modes.CategoryOf[mode] != modeCategory) errors["mode"] = [$"Mode {mode} is in category {Modes.CategoryOf[mode]}, not {modeCategory}."];
        }
        if (modeCategory != RollupRow.All && !categories.Contains(modeCategory))
            errors["modeCategory"] = [$"Must be all or one of: {string.Join(", ", categories)}."];
        if (!RankMetrics.Contains(rankBy)) errors["rankBy"] = [$"Must be one of: {string.Join(", ", RankMetrics)}."];
        // Ranking regions: a county's callers see the table of their city's counties (not those counties' projects).
        if (regionCode is not null && !await caller.RankingRegions.AnyAsync(r => r.Code == regionCode, ct))
            errors["regionCode"] = [$"Unknown region code '{regionCode}'."];
        if (errors.Count > 0) return Problems.Fields(errors);

        var run = await db.RollupRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Year == month.Year && r.Month == month.Month, ct);
        if (run is null) return RollupEndpoints.NotRolledUp(month);

        // Rows are read through the regions the caller may see, so narrowing CallerScope narrows roll-ups too.
        var rows = await db.RollupRows.AsNoTracking()
            .Where(r => r.Year == month.Year && r.Month == month.Month && r.Scope == scope && r.ModeCategory == modeCategory && r.Mode == mode
                        && (r.RegionCode == regionCode || r.ParentCode == regionCode))
            .Join(caller.RankingRegions, r => r.RegionCode, g => g.Code, (r, g) => new { Row = r, g.Name })
            .ToListAsync(ct);

        RollupRowResponse Map(RollupRow r, string name) => new(
            r.RegionCode, name, r.RegionLevel, r.ParentCode, r.ModeCategory, r.Mode, r.Scope, r.SectionCount, r.Plan, r.PlannedToDate,
            r.MonthActual, r.YtdActual, r.PreviousYtd, r.Task, r.YoyGrowth, r.CompletionRate, r.TimeElapsedProgress, r.Lag, r.LagStatus,
            RankOf(r, rankBy), r.RankByYtd, r.RankByCompletion, r.RankByYoy);

        var self = rows.Where(x => x.Row.RegionCode == regionCode).Select(x => Map(x.Row, x.Name)).SingleOrDefault();
        var items = rows.Where(x => x.Row.ParentCode == regionCode && x.Row.RegionCode != regionCode)
            .Select(x => Map(x.Row, x.Name))
            .OrderBy(x => x.Rank is null).ThenBy(x => x.Rank).ThenBy(x => x.RegionCode, StringComparer.Ordinal)
            .ToList();
        return TypedResults.Ok(new RollupResponse(month.ToString(), run.ComputedAt, run.JobId, scope, modeCategory, mode, rankBy, self, items));
    }

    private static int? RankOf(RollupRow r, string rankBy) => rankBy switch
    {
        "completion" => r.RankByCompletion,
        "yoy" => r.RankByYoy,
        _ => r.RankByYtd,
    };
}
