using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.CompilerServices;
using Investment.Api.Data;
using Investment.Api.Features.Projects;
using Investment.Api.Features.Reporting;
using Investment.Api.Http;
using Investment.Domain;
using Investment.Api.Features.Figures;
using Investment.Domain.Figures;
using Investment.Domain.Forecasting;
using Investment.Domain.Progress;
using Investment.Domain.Ranking;
using Investment.Domain.Reporting;

namespace Investment.Api.Features.Rollups;

/// <summary>
/// One section as <see cref="RollupSql.Sections"/> reads it: its approved figures of the period (null: no approved month
/// yet), its plan, its project, and what the data-quality checks need. Month sets are bit masks of the period's year
/// (bit 0 = January), over the whole year: <see cref="RollupAssembler.SignalOf"/> cuts them at the period's month.
/// </summary>
internal sealed record SectionFigures(
    long SectionId, string RegionCode, long ProjectId, string ProjectCode, string Mode, bool ProjectArchived,
    DateOnly ActiveFrom, DateOnly? AcceptedOn, DateOnly? StartedOn, decimal? Plan, decimal PlannedToDate, bool LinearPlan,
    decimal? Ytd, decimal? MonthActual, int ApprovedMonths, int BackwardsMonths, decimal?[]? Progress, decimal? PreviousYtd,
    string? OpenStatus);

/// <summary>The sums a roll-up row is made of: of a county × mode × scope group, or of a row's whole subtree.</summary>
internal struct FigureSums
{
    public int SectionCount;
    public decimal Plan;
    public decimal PlannedToDate;
    public decimal MonthActual;
    public decimal Ytd;
    public decimal PreviousYtd;

    /// <summary>Sections whose plan has no monthly profile (the forecast then cannot read the year's shape from plans).</summary>
    public int LinearPlans;

    public void Add(in FigureSums other)
    {
        SectionCount += other.SectionCount;
        Plan += other.Plan;
        PlannedToDate += other.PlannedToDate;
        MonthActual += other.MonthActual;
        Ytd += other.Ytd;
        PreviousYtd += other.PreviousYtd;
        LinearPlans += other.LinearPlans;
    }

    public void Add(SectionFigures s)
    {
        SectionCount++;
        Plan += s.Plan ?? 0;
        PlannedToDate += s.PlannedToDate;
        MonthActual += s.MonthActual ?? 0;
        Ytd += s.Ytd ?? 0;
        PreviousYtd += s.PreviousYtd ?? 0;
        LinearPlans += s.LinearPlan ? 1 : 0;
    }
}

/// <summary>Sums of one county × mode × scope.</summary>
internal sealed record GroupFigures(string RegionCode, string Mode, string Scope, FigureSums Sums);

/// <summary>
/// Sums the counted sections into county × mode × scope groups as they stream in: each counts once in the 'all' scope
/// and once in each scope of its project.
/// </summary>
internal sealed class CountyGroups(ReportingMonth period)
{
    private static readonly string[] NoScopes = [];
    private readonly Dictionary<(string Region, string Mode, string Scope), FigureSums> _groups = new(capacity: 1024);

    public void Add(SectionFigures section, IReadOnlyDictionary<long, string[]> projectScopes)
    {
        if (!RollupAssembler.Counted(period, section))
        {
            return;
        }
        CollectionsMarshal.GetValueRefOrAddDefault(_groups, (section.RegionCode, section.Mode, RollupRow.All), out _).Add(section);
        foreach (var scope in projectScopes.GetValueOrDefault(section.ProjectId, NoScopes))
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_groups, (section.RegionCode, section.Mode, scope), out _).Add(section);
        }
    }

    public List<GroupFigures> ToList() =>
        [.. _groups.Select(g => new GroupFigures(g.Key.Region, g.Key.Mode, g.Key.Scope, g.Value))];
}

/// <summary>
/// Each project's sections' apportioned shares (分摊投资) added up as the sections stream in, for the check that they
/// account for the project's total: more than it, or, once every section has a share and nothing is left to apportion,
/// less.
/// </summary>
internal sealed class ProjectShareTally
{
    private readonly Dictionary<long, Tally> _projects = new(capacity: 1024);

    public void Add(long projectId, string projectCode, string projectRegion, decimal? total, decimal? share)
    {
        if (total is null)
        {
            return;
        }
        ref var tally = ref CollectionsMarshal.GetValueRefOrAddDefault(_projects, projectId, out var known);
        if (!known)
        {
            tally = new Tally { Code = projectCode, Region = projectRegion, Total = total.Value };
        }
        tally.Sections++;
        if (share is { } s)
        {
            tally.Shared++;
            tally.Shares += s;
        }
    }

    public List<ProjectShares> OffTheirTotal() =>
        [.. _projects
            .Where(p => p.Value.Shared > 0
                        && (p.Value.Shares > p.Value.Total || (p.Value.Shared == p.Value.Sections && p.Value.Shares < p.Value.Total)))
            .Select(p => new ProjectShares(p.Key, p.Value.Code, p.Value.Region, p.Value.Total, p.Value.Shares))];

    private struct Tally
    {
        public string Code;
        public string Region;
        public decimal Total;
        public decimal Shares;
        public int Sections;
        public int Shared;
    }
}

/// <summary>
/// A section the data-quality checks have something to say about. Month sets are bit masks of the period's year
/// (bit 0 = January); <c>NoPlan</c>: it reported in the year without an annual plan for it.
/// </summary>
internal sealed record SectionSignal(
    string RegionCode, string Mode, long SectionId, long ProjectId, string ProjectCode, decimal Ytd,
    int MissingMonths, string? OpenStatus, decimal?[]? Progress, bool NoPlan, int BeforeStartMonths,
    DateOnly? StartedOn);

/// <summary>A project whose sections' shares do not account for its total (more than it, or every share given and less).</summary>
internal sealed record ProjectShares(long ProjectId, string ProjectCode, string RegionCode, decimal Total, decimal Shares);

internal sealed record RegionNode(string Code, string Level, string? ParentCode);

public static class FindingKinds
{
    public const string SectionsExceedTotal = "sections_exceed_total";
    public const string PartsDoNotAddUp = "parts_do_not_add_up";
    public const string ProgressBackwards = "progress_backwards";
    public const string MissingMonth = "missing_month";
    public const string UnapprovedMonth = "unapproved_month";
    public const string NoMode = "no_mode";
    public const string UnattributedInvestment = "unattributed_investment";
    public const string NoPlan = "no_plan";
    public const string BeforeStart = "before_start";

    public static readonly IReadOnlyList<string> All =
    [
        SectionsExceedTotal, PartsDoNotAddUp, ProgressBackwards, MissingMonth, UnapprovedMonth, NoMode,
        UnattributedInvestment, NoPlan, BeforeStart,
    ];
}

/// <summary>
/// Turns the aggregation's sums into roll-up rows (counties, and their cities and provinces as sums of children) with
/// rates, lag and ranks from the domain rules, and turns section signals into data-quality findings. No I/O.
/// </summary>
internal static class RollupAssembler
{
    /// <summary>Ranks are judged on the value shown to users: ratios as percentages with 2 decimals, money to the yuan.</summary>
    internal const int RankDecimals = 4;

    /// <summary>
    /// Rows for every region that has counted sections, and every region above it: all/all, each category/all, each
    /// category/each mode, per scope; in region, scope, category, mode order (each "all" first); each ranked among its
    /// siblings and stamped with its fingerprint. <c>ready</c>, if given, is told each batch of finished rows as soon as it
    /// is: every row of a top-level region's subtree but the top-level region's own, then the top-level regions' rows (a
    /// first run copies them into the database meanwhile).
    /// </summary>
    /// <remarks>
    /// Every row but a top-level region's (a province's) has all its siblings in the same subtree, so each subtree is
    /// summed, built and ranked on its own, the subtrees in parallel; the top-level rows are ranked against each other
    /// last. A national roll-up adds some 90,000 county groups into 200,000 rows, so sums are keyed by small integers
    /// (region, scope, category and mode indexes packed into a long) rather than by tuples of strings.
    /// </remarks>
    public static List<RollupRow> BuildRows(
        ReportingMonth period, IReadOnlyCollection<GroupFigures> groups, IReadOnlyDictionary<string, RegionNode> regions,
        IReadOnlyDictionary<(string Region, string Scope), decimal> targets, LagThresholds thresholds,
        IReadOnlyDictionary<string, Seasonality> rhythms, Action<IReadOnlyList<RollupRow>>? ready = null)
    {
        var keys = new RowKeys(regions);
        // Codes are given their indexes here, before anything runs in parallel.
        var subtrees = new Dictionary<int, List<(GroupFigures Group, long Key)>>();
        foreach (var g in groups)
        {
            var region = keys.Regions.IndexOf(g.RegionCode);
            var key = RowKeys.Pack(region, keys.Scopes.IndexOf(g.Scope),
                keys.Categories.IndexOf(Modes.CategoryOf.GetValueOrDefault(g.Mode, "other")), keys.Modes.IndexOf(g.Mode));
            var top = keys.TopOf(region);
            if (!subtrees.TryGetValue(top, out var members))
            {
                subtrees[top] = members = [];
            }
            members.Add((g, key));
        }

        var built = new ConcurrentBag<(long[] Keys, RollupRow[] Rows)>();
        var topRows = new ConcurrentBag<RollupRow>();
        // Largest first, so neither core is left with a big one at the end.
        Parallel.ForEach(subtrees.Values.OrderByDescending(m => m.Count), members =>
        {
            var (ordered, rows) = BuildSubtree(period, members, keys, regions, targets, thresholds, rhythms);
            var finished = new List<RollupRow>(rows.Length);
            var siblings = new Dictionary<long, List<RollupRow>>();
            for (var i = 0; i < ordered.Length; i++)
            {
                var (region, scope, category, mode) = RowKeys.Unpack(ordered[i]);
                var parent = keys.ParentOf(region);
                if (parent < 0)
                {
                    topRows.Add(rows[i]);
                    continue;
                }
                // Siblings: the regions under one parent, for the same mode and scope.
                var siblingKey = RowKeys.Pack(parent, scope, category, mode);
                if (!siblings.TryGetValue(siblingKey, out var list))
                {
                    siblings[siblingKey] = list = [];
                }
                list.Add(rows[i]);
                finished.Add(rows[i]);
            }
            foreach (var list in siblings.Values)
            {
                Rank(list);
            }
            foreach (var row in finished)
            {
                row.Fingerprint = RollupFingerprint.Of(row);
            }
            ready?.Invoke(finished);
            built.Add((ordered, rows));
        });

        // The top-level regions rank against each other, for the same mode and scope.
        foreach (var list in topRows.GroupBy(r => (r.Scope, r.ModeCategory, r.Mode)))
        {
            var siblings = list.ToList();
            Rank(siblings);
            foreach (var row in siblings)
            {
                row.Fingerprint = RollupFingerprint.Of(row);
            }
        }
        ready?.Invoke([.. topRows]);

        // One snapshot of the bag, so keys and rows are taken from its parts in the same order.
        var parts = built.ToArray();
        var allKeys = parts.SelectMany(b => b.Keys).ToArray();
        var allRows = parts.SelectMany(b => b.Rows).ToArray();
        Array.Sort(allKeys, allRows);
        return [.. allRows];
    }

    /// <summary>The rows of one top-level region's subtree, unranked, in key order.</summary>
    private static (long[] Keys, RollupRow[] Rows) BuildSubtree(
        ReportingMonth period, List<(GroupFigures Group, long Key)> members, RowKeys keys,
        IReadOnlyDictionary<string, RegionNode> regions, IReadOnlyDictionary<(string Region, string Scope), decimal> targets,
        LagThresholds thresholds, IReadOnlyDictionary<string, Seasonality> rhythms)
    {
        // About two rows per county group once categories, cities and provinces are added; sized so it never rehashes.
        var sums = new Dictionary<long, FigureSums>(members.Count * 2);
        foreach (var (g, key) in members)
        {
            var (county, scope, category, mode) = RowKeys.Unpack(key);
            // Each county's figures count in the county and every region above it.
            for (var region = county; region >= 0; region = keys.ParentOf(region))
            {
                Add(sums, RowKeys.Pack(region, scope, category, mode), g);
                Add(sums, RowKeys.Pack(region, scope, category, 0), g);
                Add(sums, RowKeys.Pack(region, scope, 0, 0), g);
            }
        }
        var ordered = sums.Keys.ToArray();
        Array.Sort(ordered);
        var rows = new RollupRow[ordered.Length];
        for (var i = 0; i < ordered.Length; i++)
        {
            rows[i] = RowOf(period, ordered[i], sums[ordered[i]], keys, regions, targets, thresholds, rhythms);
        }
        return (ordered, rows);
    }

    /// <summary>Competition ranks within one set of siblings; display order inside a tie is the region code.</summary>
    private static void Rank(List<RollupRow> siblings)
    {
        foreach (var r in CompetitionRanking.Rank(siblings, x => x.YtdActual, x => x.RegionCode, decimals: RankDecimals))
        {
            r.Item.RankByYtd = r.Rank;
        }
        foreach (var r in CompetitionRanking.Rank(siblings, x => x.CompletionRate, x => x.RegionCode, decimals: RankDecimals))
        {
            r.Item.RankByCompletion = r.Rank;
        }
        foreach (var r in CompetitionRanking.Rank(siblings, x => x.YoyGrowth, x => x.RegionCode, decimals: RankDecimals))
        {
            r.Item.RankByYoy = r.Rank;
        }
    }

    private static RollupRow RowOf(
        ReportingMonth period, long key, FigureSums sum, RowKeys keys, IReadOnlyDictionary<string, RegionNode> regions,
        IReadOnlyDictionary<(string Region, string Scope), decimal> targets, LagThresholds thresholds,
        IReadOnlyDictionary<string, Seasonality> rhythms)
    {
        var (region, scope, category, mode) = RowKeys.Unpack(key);
        var node = regions.GetValueOrDefault(keys.Regions[region]);
        // The live figures' rates, from the same domain rule (rounded there to the column's 6 decimals).
        var rates = InvestmentFigures.RatesOf(sum.Plan, sum.PlannedToDate, sum.Ytd, sum.PreviousYtd, thresholds);
        // The live figures' forecast, from the same rule (Forecasts.For) and the region's same rhythm.
        var forecast = Forecasts.For(period, sum.Ytd, sum.Plan, sum.PlannedToDate, sum.LinearPlans == 0,
            rhythms.GetValueOrDefault(keys.Regions[region]));
        return new RollupRow
        {
            Year = period.Year,
            Month = period.Month,
            RegionCode = keys.Regions[region],
            ModeCategory = keys.Categories[category],
            Mode = keys.Modes[mode],
            Scope = keys.Scopes[scope],
            RegionLevel = node?.Level ?? RegionLevels.County,
            ParentCode = node?.ParentCode,
            SectionCount = sum.SectionCount,
            Plan = sum.Plan,
            PlannedToDate = sum.PlannedToDate,
            MonthActual = sum.MonthActual,
            YtdActual = sum.Ytd,
            PreviousYtd = sum.PreviousYtd,
            Task = category == 0 && mode == 0 && targets.TryGetValue((keys.Regions[region], keys.Scopes[scope]), out var task) ? task : null,
            YoyGrowth = rates.YoyGrowth,
            CompletionRate = rates.CompletionRate,
            TimeElapsedProgress = rates.TimeElapsedProgress,
            Lag = rates.Lag,
            LagStatus = Figures.FigureParameters.ToCode(rates.LagStatus),
            YearEndForecast = forecast.YearEnd,
            ForecastLow = forecast.Low,
            ForecastHigh = forecast.High,
            ForecastBasis = Forecasts.BasisCode(forecast.Basis),
        };
    }

    /// <summary>
    /// Whether a section counts in the period's figures: it has a plan for the year, or an approved month of this year or
    /// of last year through the period's month.
    /// </summary>
    public static bool Counted(ReportingMonth period, SectionFigures s) =>
        s.Plan is not null || (s.ApprovedMonths & Through(period)) != 0 || s.PreviousYtd is not null;

    /// <summary>
    /// What the data-quality checks have to say about a section, or null: months it owes (应报, the domain rule) but has no
    /// approved report for; the period's report open but not approved; approved progress going down; money in mode
    /// 'other'; reports without a plan; reports of months before the works started.
    /// </summary>
    public static SectionSignal? SignalOf(ReportingMonth period, SectionFigures s)
    {
        var through = Through(period);
        var thisMonth = 1 << (period.Month - 1);
        var approved = s.ApprovedMonths & through;
        // The period's month while its report is open counts as reported: it is flagged unapproved, not missing.
        var open = s.OpenStatus is null ? 0 : thisMonth;
        var owed = 0;
        for (var month = 1; month <= period.Month; month++)
        {
            if (ExpectedToReport.In(new ReportingMonth(period.Year, month), s.ProjectArchived, s.ActiveFrom, s.AcceptedOn))
            {
                owed |= 1 << (month - 1);
            }
        }
        var missing = owed & ~approved & ~open;
        var noPlan = s.Plan is null && (approved != 0 || s.OpenStatus is not null);
        var beforeStartMonths = s.StartedOn switch
        {
            null => 0,
            { } started when started.Year < period.Year => 0,
            { } started when started.Year > period.Year => 0xFFF,
            { } started => (1 << (started.Month - 1)) - 1,
        };
        var beforeStart = (approved | open) & beforeStartMonths;
        var unapproved = s.OpenStatus is not null && (approved & thisMonth) == 0;
        var backwards = (s.BackwardsMonths & through) != 0;
        var ytd = s.Ytd ?? 0;
        if (missing == 0 && !unapproved && !backwards && !(s.Mode == "other" && ytd != 0) && !noPlan && beforeStart == 0)
        {
            return null;
        }
        return new SectionSignal(s.RegionCode, s.Mode, s.SectionId, s.ProjectId, s.ProjectCode, ytd, missing,
            unapproved ? s.OpenStatus : null, backwards ? s.Progress : null, noPlan, beforeStart, s.StartedOn);
    }

    private static int Through(ReportingMonth period) => (1 << period.Month) - 1;

    /// <summary>
    /// The findings about sections and projects, projects by id, then sections by id: an order that depends on nothing but
    /// the data, as the findings' fingerprint needs (the database streams sections in no promised order). They need no
    /// roll-up row, so they are made, and written, while <see cref="BuildRows"/> runs; <see cref="SelfCheck"/> adds the
    /// findings about the rows.
    /// </summary>
    public static List<DataQualityFinding> SectionFindings(
        ReportingMonth period, IEnumerable<SectionSignal> sections, IEnumerable<ProjectShares> shares)
    {
        var findings = new List<DataQualityFinding>();
        // Each finding in English and in Chinese, from the same figures: the sheets a bureau hands in print the Chinese.
        void Add(string kind, string? region, long? projectId, long? sectionId, Message message) =>
            findings.Add(new DataQualityFinding
            {
                Year = period.Year, Month = period.Month, Kind = kind, RegionCode = region, ProjectId = projectId,
                SectionId = sectionId, Message = message.En, MessageZh = message.Zh,
            });

        foreach (var p in shares.OrderBy(p => p.ProjectId))
        {
            if (p.Shares > p.Total)
            {
                Add(FindingKinds.SectionsExceedTotal, p.RegionCode, p.ProjectId, null, Text(Inv, 
                    $"Project {p.ProjectCode}: its sections' apportioned shares add up to {Wan(p.Shares)}, more than its total investment of {Wan(p.Total)} (by {Wan(p.Shares - p.Total)}).",
                    $"项目{p.ProjectCode}：各标段分摊投资合计{WanZh(p.Shares)}，超过项目总投资{WanZh(p.Total)}（超出{WanZh(p.Shares - p.Total)}）。"));
            }
            else
            {
                Add(FindingKinds.UnattributedInvestment, p.RegionCode, p.ProjectId, null, Text(Inv, 
                    $"Project {p.ProjectCode}: every section has an apportioned share, but the shares add up to {Wan(p.Shares)}, less than its total investment of {Wan(p.Total)}: {Wan(p.Total - p.Shares)} is attributed to no county.",
                    $"项目{p.ProjectCode}：各标段均已分摊投资，但合计{WanZh(p.Shares)}，少于项目总投资{WanZh(p.Total)}，有{WanZh(p.Total - p.Shares)}未归属任何区县。"));
            }
        }

        foreach (var s in sections.OrderBy(s => s.SectionId))
        {
            var where = Text(Inv, $"Section {s.SectionId} of project {s.ProjectCode} (region {s.RegionCode})",
                $"项目{s.ProjectCode}的标段{s.SectionId}（行政区{s.RegionCode}）");
            if (s.MissingMonths != 0)
            {
                Add(FindingKinds.MissingMonth, s.RegionCode, s.ProjectId, s.SectionId,
                    Text(Inv, $"{where.En} is expected to report but has no approved report for {Months(period, s.MissingMonths)}.",
                        $"{where.Zh}应报月报，但{MonthsZh(period, s.MissingMonths)}没有已审核的月报。"));
            }
            if (s.NoPlan)
            {
                Add(FindingKinds.NoPlan, s.RegionCode, s.ProjectId, s.SectionId, Text(Inv, 
                    $"{where.En} reports for {period.Year} but has no annual plan for {period.Year}, so its figures count with no plan to measure them against.",
                    $"{where.Zh}填报了{period.Year}年月报，但没有{period.Year}年度计划，其完成额计入统计却无计划可比。"));
            }
            if (s.BeforeStartMonths != 0)
            {
                Add(FindingKinds.BeforeStart, s.RegionCode, s.ProjectId, s.SectionId, Text(Inv, 
                    $"{where.En} reported for {Months(period, s.BeforeStartMonths)}, before the works started on {s.StartedOn:yyyy-MM-dd} (the project's actual start).",
                    $"{where.Zh}填报了{MonthsZh(period, s.BeforeStartMonths)}的月报，早于项目实际开工日期{s.StartedOn:yyyy-MM-dd}。"));
            }
            if (s.OpenStatus is not null)
            {
                Add(FindingKinds.UnapprovedMonth, s.RegionCode, s.ProjectId, s.SectionId,
                    Text(Inv, $"{where.En}: the report for {period} is {s.OpenStatus} but not approved, so its figures are not counted.",
                        $"{where.Zh}：{MonthZh(period)}月报为“{ReportProblems.Status(s.OpenStatus).Zh}”，尚未审核，不计入统计。"));
            }
            if (s.Mode == "other" && s.Ytd != 0)
            {
                Add(FindingKinds.NoMode, s.RegionCode, s.ProjectId, s.SectionId, Text(Inv, 
                    $"{where.En} has {Wan(s.Ytd)} approved in {period.YearStart}..{period}, but its project's mode is 'other', so the amount counts in no named transport mode.",
                    $"{where.Zh}{period.Year}年1-{period.Month}月已审核完成{WanZh(s.Ytd)}，但项目方式为“其他”，这部分投资不计入任何具体运输方式。"));
            }
            if (s.Progress is { } progress)
            {
                decimal? last = null;
                var lastMonth = 0;
                for (var m = 1; m <= progress.Length; m++)
                {
                    if (progress[m - 1] is not { } value)
                    {
                        continue;
                    }
                    if (last is { } before && value < before)
                    {
                        Add(FindingKinds.ProgressBackwards, s.RegionCode, s.ProjectId, s.SectionId, Text(Inv, 
                            $"{where.En}: approved physical progress went down from {Percent(before)} in {new ReportingMonth(period.Year, lastMonth)} to {Percent(value)} in {new ReportingMonth(period.Year, m)}.",
                            $"{where.Zh}：已审核的形象进度由{MonthZh(new ReportingMonth(period.Year, lastMonth))}的{Percent(before)}降至{MonthZh(new ReportingMonth(period.Year, m))}的{Percent(value)}。"));
                    }
                    last = value;
                    lastMonth = m;
                }
            }
        }

        return findings;
    }

    /// <summary>The roll-up's self-check of its own rows (<see cref="PartsThatDoNotAddUp"/>), in the rows' order.</summary>
    public static List<DataQualityFinding> SelfCheck(ReportingMonth period, IReadOnlyList<RollupRow> rows) =>
        PartsThatDoNotAddUp(period, rows).ToList();

    /// <summary>
    /// A self-check of the roll-up: each region's mode categories must add up to its all-modes row, and each category's
    /// modes to the category row. It should never fire; if it does, the roll-up itself is wrong. Relies on the order
    /// <see cref="BuildRows"/> returns: per region and scope, all/all first, then each category row before its modes.
    /// </summary>
    private static IEnumerable<DataQualityFinding> PartsThatDoNotAddUp(ReportingMonth period, IReadOnlyList<RollupRow> rows)
    {
        var all = new Parts();
        var category = new Parts();
        RollupRow? whole = null, categoryRow = null;
        foreach (var row in rows.Cast<RollupRow?>().Append(null))
        {
            var newBlock = row is null || whole is null || row.RegionCode != whole.RegionCode || row.Scope != whole.Scope;
            if (categoryRow is not null && (newBlock || row!.ModeCategory != categoryRow.ModeCategory))
            {
                if (category.Differs(categoryRow)) yield return Finding(period, categoryRow, category, new($"modes of category {categoryRow.ModeCategory}", $"{categoryRow.ModeCategory}大类下各方式"));
                categoryRow = null;
            }
            if (newBlock)
            {
                if (whole is not null && all.Differs(whole)) yield return Finding(period, whole, all, new("mode categories", "各方式大类"));
                whole = row;
                all = new Parts();
                continue;
            }
            if (row!.Mode == RollupRow.All)
            {
                all.Add(row);
                categoryRow = row;
                category = new Parts();
            }
            else
            {
                category.Add(row);
            }
        }
    }

    private static DataQualityFinding Finding(ReportingMonth period, RollupRow whole, Parts parts, Message what)
    {
        var message = Text(Inv, 
            $"Region {whole.RegionCode}, scope {whole.Scope}: the {what.En} add up to plan {Wan(parts.Plan)}, year-to-date {Wan(parts.Ytd)}, month {Wan(parts.Month)}, previous year {Wan(parts.Previous)}, but the {whole.ModeCategory}/{whole.Mode} row says plan {Wan(whole.Plan)}, year-to-date {Wan(whole.YtdActual)}, month {Wan(whole.MonthActual)}, previous year {Wan(whole.PreviousYtd)}.",
            $"行政区{whole.RegionCode}、口径{whole.Scope}：{what.Zh}合计为计划{WanZh(parts.Plan)}、累计{WanZh(parts.Ytd)}、本月{WanZh(parts.Month)}、去年同期{WanZh(parts.Previous)}，但{whole.ModeCategory}/{whole.Mode}行为计划{WanZh(whole.Plan)}、累计{WanZh(whole.YtdActual)}、本月{WanZh(whole.MonthActual)}、去年同期{WanZh(whole.PreviousYtd)}。");
        return new()
        {
            Year = period.Year, Month = period.Month, Kind = FindingKinds.PartsDoNotAddUp, RegionCode = whole.RegionCode,
            Message = message.En, MessageZh = message.Zh,
        };
    }

    private sealed class Parts
    {
        public decimal Plan, Ytd, Month, Previous;

        public void Add(RollupRow r)
        {
            Plan += r.Plan;
            Ytd += r.YtdActual;
            Month += r.MonthActual;
            Previous += r.PreviousYtd;
        }

        public bool Differs(RollupRow whole) =>
            Plan != whole.Plan || Ytd != whole.YtdActual || Month != whole.MonthActual || Previous != whole.PreviousYtd;
    }

    // One lookup, summed in place: some 900,000 additions at national scale.
    private static void Add(Dictionary<long, FigureSums> sums, long key, GroupFigures g) =>
        CollectionsMarshal.GetValueRefOrAddDefault(sums, key, out _).Add(g.Sums);

    /// <summary>The months of <paramref name="mask"/> (bit 0 = January of the period's year) through the period, "2023-01, 2023-03".</summary>
    private static string Months(ReportingMonth period, int mask) => string.Join(", ", Enumerable.Range(1, period.Month)
        .Where(m => (mask & (1 << (m - 1))) != 0).Select(m => new ReportingMonth(period.Year, m).ToString()));

    private static Figure Wan(decimal amount) => new(amount, " (10^4 yuan)");

    private static Figure WanZh(decimal amount) => new(amount, "万元");

    private static string MonthZh(ReportingMonth month) => string.Create(CultureInfo.InvariantCulture, $"{month.Year}年{month.Month}月");

    private static string MonthsZh(ReportingMonth period, int mask) => string.Join("、", Enumerable.Range(1, period.Month)
        .Where(m => (mask & (1 << (m - 1))) != 0).Select(m => MonthZh(new ReportingMonth(period.Year, m))));

    private static Figure Percent(decimal value) => new(value, "%");

    /// <summary>
    /// A figure as "0.####" shows it (at most four decimals, rounded half away from zero, no trailing zeros) and its unit,
    /// formatted straight into a message's buffer: a national roll-up writes some 500,000 of them.
    /// </summary>
    internal readonly struct Figure(decimal value, string unit) : ISpanFormattable
    {
        public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
        {
            charsWritten = 0;
            if (!decimal.Round(value, 4, MidpointRounding.AwayFromZero).TryFormat(destination, out var written, default, CultureInfo.InvariantCulture))
            {
                return false;
            }
            if (destination[..written].Contains('.'))
            {
                written = destination[..written].TrimEnd('0').TrimEnd('.').Length;
            }
            if (!unit.AsSpan().TryCopyTo(destination[written..]))
            {
                return false;
            }
            charsWritten = written + unit.Length;
            return true;
        }

        public string ToString(string? format, IFormatProvider? formatProvider) => string.Create(CultureInfo.InvariantCulture, $"{this}");

        public override string ToString() => ToString(null, null);
    }

    // Formatted straight into each message's buffer, invariantly: a national roll-up writes some 90,000 findings in two
    // languages, and going through FormattableString (boxed arguments, a format string parsed each time) took longer
    // than ranking every row.
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static Message Text(
        IFormatProvider provider,
        [InterpolatedStringHandlerArgument(nameof(provider))] ref DefaultInterpolatedStringHandler en,
        [InterpolatedStringHandlerArgument(nameof(provider))] ref DefaultInterpolatedStringHandler zh) =>
        new(en.ToStringAndClear(), zh.ToStringAndClear());

    /// <summary>Small integer codes for regions, scopes, categories and modes ("all" is 0), packed into one long.</summary>
    private sealed class RowKeys
    {
        public RowKeys(IReadOnlyDictionary<string, RegionNode> regions)
        {
            foreach (var code in regions.Keys.Order(StringComparer.Ordinal))
            {
                Regions.IndexOf(code);
            }
            foreach (var scope in Projects.Scopes.All)
            {
                Scopes.IndexOf(scope);
            }
            foreach (var (mode, category) in Projects.Modes.CategoryOf)
            {
                Modes.IndexOf(mode);
                Categories.IndexOf(category);
            }
            _parents = regions.Values.ToDictionary(r => Regions.IndexOf(r.Code), r => r.ParentCode is null ? -1 : Regions.IndexOf(r.ParentCode));
        }

        private readonly Dictionary<int, int> _parents;

        public Codes Regions { get; } = new(null);

        public Codes Scopes { get; } = new(RollupRow.All);

        public Codes Categories { get; } = new(RollupRow.All);

        public Codes Modes { get; } = new(RollupRow.All);

        /// <summary>The parent region's index, or −1 at the top (or for a region the table does not know).</summary>
        public int ParentOf(int region) => _parents.GetValueOrDefault(region, -1);

        /// <summary>The top-level region above <paramref name="region"/>, or itself at the top.</summary>
        public int TopOf(int region)
        {
            while (ParentOf(region) is var parent && parent >= 0)
            {
                region = parent;
            }
            return region;
        }

        public static long Pack(int region, int scope, int category, int mode) =>
            ((((long)region << 8) | (uint)scope) << 16 | ((uint)category << 8) | (uint)mode);

        public static (int Region, int Scope, int Category, int Mode) Unpack(long key) =>
            ((int)(key >> 24), (int)((key >> 16) & 0xFF), (int)((key >> 8) & 0xFF), (int)(key & 0xFF));
    }

    private sealed class Codes
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        private readonly List<string> _names = [];

        public Codes(string? first)
        {
            if (first is not null)
            {
                IndexOf(first);
            }
        }

        public string this[int index] => _names[index];

        public int IndexOf(string name)
        {
            if (!_index.TryGetValue(name, out var index))
            {
                _index[name] = index = _names.Count;
                _names.Add(name);
            }
            return index;
        }
    }

}
