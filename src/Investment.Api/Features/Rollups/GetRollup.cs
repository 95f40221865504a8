using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Figures;
using Investment.Api.Features.Projects;
using Investment.Domain.Forecasting;
using Investment.Api.Http;
using Investment.Domain.Progress;
using Investment.Domain.Ranking;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Rollups;

/// <summary>
/// One region's figures for a mode and scope. Money in 万元; rates are ratios (1.036 = 103.6%). taskCompletionRate is
/// YTD ÷ the region's assessed task (null without a task); rankByTask ranks the listed children by it (null on the
/// region asked for, and for a child without a task). A child region with nothing counted yet is listed with zeros and
/// no rank, so a ranking always shows the whole parent. forecast: 预计全年完成 as the roll-up stored it, the outlooks judged
/// against the row's plan and task; null for a child with nothing counted and for periods rolled up before forecasts.
/// </summary>
public sealed record RollupRowResponse(
    string RegionCode, string RegionName, string RegionLevel, string? ParentCode, string ModeCategory, string Mode, string Scope,
    int SectionCount, decimal Plan, decimal PlannedToDate, decimal MonthActual, decimal YtdActual, decimal PreviousYtd,
    decimal? Task, decimal? YoyGrowth, decimal? CompletionRate, decimal? TimeElapsedProgress, decimal? Lag, string? LagStatus,
    int? Rank, int? RankByYtd, int? RankByCompletion, int? RankByYoy, decimal? TaskCompletionRate, int? RankByTask,
    ForecastResponse? Forecast);

/// <summary>
/// A roll-up read: <see cref="Region"/> is the region asked for (null when none was), <see cref="Items"/> the regions
/// below it — or the provinces when no region was named — ordered by <see cref="RankBy"/>.
/// </summary>
public sealed record RollupResponse(
    string Period, DateTimeOffset ComputedAt, Guid? JobId, string Scope, string ModeCategory, string Mode, string RankBy,
    RollupRowResponse? Region, IReadOnlyList<RollupRowResponse> Items);

public static class GetRollup
{
    private static readonly string[] RankMetrics = ["ytd", "completion", "yoy", "task"];

    /// <summary>
    /// The rolled-up figures of a period for one mode and scope: a region and its children ranked (by year-to-date
    /// actual, completion rate or year-on-year growth). 404 when the period has not been rolled up yet.
    /// </summary>
    public static async Task<Results<Ok<RollupResponse>, ProblemHttpResult, ValidationProblem>> Handle(
        string period, CallerScope caller, InvestmentDb db, CancellationToken ct,
        string? regionCode = null, string scope = RollupRow.All, string modeCategory = RollupRow.All, string mode = RollupRow.All,
        string rankBy = "ytd")
    {
        var errors = new Dictionary<string, Message>();
        if (!RollupEndpoints.TryParsePeriod(period, out var month)) errors["period"] = RollupEndpoints.PeriodError;
        if (scope != RollupRow.All && !Scopes.IsKnown(scope)) errors["scope"] = AllOrOneOf(Scopes.Describe());
        var categories = Modes.CategoryOf.Values.Distinct().Order(StringComparer.Ordinal).ToList();
        if (mode != RollupRow.All)
        {
            if (!Modes.IsKnown(mode)) errors["mode"] = AllOrOneOf(Modes.Describe());
            else if (modeCategory == RollupRow.All) modeCategory = Modes.CategoryOf[mode];
            else if (Modes.CategoryOf[mode] != modeCategory) errors["mode"] = new($"Mode {mode} is in category {Modes.CategoryOf[mode]}, not {modeCategory}.",
                $"方式{mode}属于{Modes.CategoryOf[mode]}类，不属于{modeCategory}类。");
        }
        if (modeCategory != RollupRow.All && !categories.Contains(modeCategory))
            errors["modeCategory"] = AllOrOneOf(string.Join(", ", categories));
        if (!RankMetrics.Contains(rankBy)) errors["rankBy"] = Messages.OneOf(string.Join(", ", RankMetrics));
        // A county's callers see the table of their city's counties (not those counties' projects), but a breakdown by
        // mode only of their own regions.
        var regions = caller.RollupRegions(RollupRow.IsByMode(modeCategory, mode));
        if (regionCode is not null && !await regions.AnyAsync(r => r.Code == regionCode, ct))
            errors["regionCode"] = Messages.UnknownRegion(regionCode);
        if (errors.Count > 0) return Problems.Fields(errors);

        var run = await db.RollupRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Year == month.Year && r.Month == month.Month, ct);
        if (run is null) return RollupEndpoints.NotRolledUp(month);

        // Rows are read through the regions the caller may see, so narrowing CallerScope narrows roll-ups too. The region
        // and its children are found among the regions (a region's parent never changes: 区划调整 retires a code for a
        // new one), so the rows come by primary key; rollup_rows needs no index on parent_code.
        // Looked up by a list of codes rather than a join: the list leads the primary key even before the period's new
        // partition has statistics, where a join's plan would guess.
        var named = await regions.AsNoTracking()
            .Where(g => g.Code == regionCode || g.ParentCode == regionCode)
            .ToDictionaryAsync(g => g.Code, g => g.Name, ct);
        var codes = named.Keys.ToList();
        var rows = (await db.RollupRows.AsNoTracking()
                .Where(r => r.Year == month.Year && r.Month == month.Month && r.Scope == scope && r.ModeCategory == modeCategory
                            && r.Mode == mode && codes.Contains(r.RegionCode))
                .ToListAsync(ct))
            .Select(r => new { Row = r, Name = named[r.RegionCode] })
            .ToList();
        // Children with nothing counted have no stored row; they are still part of the parent's table. A region retired
        // by the period is not: its sections count in its successor.
        var children = await regions.AsNoTracking()
            .Where(g => g.ParentCode == regionCode && (g.RetiredFrom == null || g.RetiredFrom > month.FirstDay))
            .Select(g => new { g.Code, g.Name, g.Level, g.ParentCode })
            .ToListAsync(ct);
        var childCodes = children.Select(c => c.Code).ToList();
        // Assessed tasks exist per scope, so a child without a row may still have one (a task, nothing done yet).
        var tasks = scope == RollupRow.All || mode != RollupRow.All || modeCategory != RollupRow.All
            ? []
            : await db.RegionTargets.AsNoTracking()
                .Where(t => t.Year == month.Year && t.Scope == scope && childCodes.Contains(t.RegionCode))
                .ToDictionaryAsync(t => t.RegionCode, t => t.Task, ct);

        RollupRowResponse Map(RollupRow r, string name) => new(
            r.RegionCode, name, r.RegionLevel, r.ParentCode, r.ModeCategory, r.Mode, r.Scope, r.SectionCount, r.Plan, r.PlannedToDate,
            r.MonthActual, r.YtdActual, r.PreviousYtd, r.Task, r.YoyGrowth, r.CompletionRate, r.TimeElapsedProgress, r.Lag, r.LagStatus,
            null, r.RankByYtd, r.RankByCompletion, r.RankByYoy, TaskCompletionOf(r.YtdActual, r.Task), null, ForecastOf(r));

        var self = rows.Where(x => x.Row.RegionCode == regionCode).Select(x => Map(x.Row, x.Name)).SingleOrDefault();
        var listed = rows.Where(x => x.Row.ParentCode == regionCode && x.Row.RegionCode != regionCode)
            .Select(x => Map(x.Row, x.Name))
            .ToList();
        var unlisted = children.Where(c => listed.All(l => l.RegionCode != c.Code))
            .Select(c =>
            {
                var task = tasks.TryGetValue(c.Code, out var t) ? t : (decimal?)null;
                return new RollupRowResponse(c.Code, c.Name, c.Level, c.ParentCode, modeCategory, mode, scope, 0, 0m, 0m, 0m, 0m, 0m,
                    task, null, null, null, null, null, null, null, null, null, TaskCompletionOf(0m, task), null, null);
            });
        var all = listed.Concat(unlisted).ToList();
        var byTask = CompetitionRanking.Rank(all, x => x.TaskCompletionRate, x => x.RegionCode, decimals: RollupAssembler.RankDecimals)
            .ToDictionary(r => r.Item.RegionCode, r => r.Rank);
        var items = all
            .Select(x => x with { RankByTask = byTask[x.RegionCode] })
            .Select(x => x with { Rank = RankOf(x, rankBy) })
            .OrderBy(x => x.Rank is null).ThenBy(x => x.Rank).ThenBy(x => x.RegionCode, StringComparer.Ordinal)
            .ToList();
        if (self is not null)
        {
            self = self with { Rank = RankOf(self, rankBy) };
        }
        return TypedResults.Ok(new RollupResponse(month.ToString(), run.ComputedAt, run.JobId, scope, modeCategory, mode, rankBy, self, items));
    }

    private static ForecastResponse? ForecastOf(RollupRow r) =>
        r is { YearEndForecast: { } yearEnd, ForecastLow: { } low, ForecastHigh: { } high, ForecastBasis: { } basis }
            ? ForecastResponse.From(new YearEndForecast(yearEnd, low, high, Forecasts.ParseBasis(basis)), r.Plan, r.Task)
            : null;

    private static decimal? TaskCompletionOf(decimal ytd, decimal? task) => task is { } t ? CompletionRate.Of(ytd, t) : null;

    private static Message AllOrOneOf(string choices) =>
        new($"Must be all or one of: {choices}.", $"应为all（全部）或以下取值之一：{choices}。");

    private static int? RankOf(RollupRowResponse r, string rankBy) => rankBy switch
    {
        "completion" => r.RankByCompletion,
        "yoy" => r.RankByYoy,
        "task" => r.RankByTask,
        _ => r.RankByYtd,
    };
}
