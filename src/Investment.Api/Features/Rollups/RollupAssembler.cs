using System.Globalization;
using Investment.Api.Data;
using Investment.Api.Features.Projects;
using Investment.Domain;
using Investment.Domain.Growth;
using Investment.Domain.Progress;
using Investment.Domain.Ranking;
using Investment.Domain.Rollups;

namespace Investment.Api.Features.Rollups;

/// <summary>Sums of one county × mode × scope, as the aggregation statement returns them.</summary>
internal sealed record GroupFigures(
    string RegionCode, string Mode, string Scope, int SectionCount,
    decimal Plan, decimal PlannedToDate, decimal MonthActual, decimal Ytd, decimal PreviousYtd);

/// <summary>A section the data-quality checks have something to say about.</summary>
internal sealed record SectionSignal(
    string RegionCode, string Mode, long SectionId, long ProjectId, string ProjectCode, decimal Ytd,
    int MissingMonths, string? OpenStatus, decimal?[]? Progress);

internal sealed record OverApportioned(long ProjectId, string ProjectCode, string RegionCode, decimal Total, decimal Shares);

internal sealed record RegionNode(string Code, string Level, string? ParentCode);

public static class FindingKinds
{
    public const string SectionsExceedTotal = "sections_exceed_total";
    public const string PartsDoNotAddUp = "parts_do_not_add_up";
    public const string ProgressBackwards = "progress_backwards";
    public const string MissingMonth = "missing_month";
    public const string UnapprovedMonth = "unapproved_month";
    public const string NoMode = "no_mode";

    public static readonly IReadOnlyList<string> All =
        [SectionsExceedTotal, PartsDoNotAddUp, ProgressBackwards, MissingMonth, UnapprovedMonth, NoMode];
}

/// <summary>
/// Turns the aggregation's sums into roll-up rows (counties, and their cities and provinces as sums of children) with
/// rates, lag and ranks from the domain rules, and turns section signals into data-quality findings. No I/O.
/// </summary>
internal static class RollupAssembler
{
    /// <summary>Rates are stored as numeric(12,6); a ratio beyond that (a plan of a few yuan) is stored as unknown.</summary>
    private const decimal RateLimit = 1_000_000m;

    /// <summary>Ranks are judged on the value shown to users: ratios as percentages with 2 decimals, money to the yuan.</summary>
    private const int RankDecimals = 4;

    public static List<RollupRow> BuildRows(
        ReportingMonth period, IEnumerable<GroupFigures> groups, IReadOnlyDictionary<string, RegionNode> regions,
        IReadOnlyDictionary<(string Region, string Scope), decimal> targets, LagThresholds thresholds)
    {
        var sums = new Dictionary<(string Region, string Category, string Mode, string Scope), Sum>();
        foreach (var g in groups)
        {
            var category = Modes.CategoryOf.GetValueOrDefault(g.Mode, "other");
            // Each county's figures count in the county and every region above it.
            for (var region = g.RegionCode; region is not null; region = regions.GetValueOrDefault(region)?.ParentCode)
            {
                Add(sums, (region, category, g.Mode, g.Scope), g);
                Add(sums, (region, category, RollupRow.All, g.Scope), g);
                Add(sums, (region, RollupRow.All, RollupRow.All, g.Scope), g);
            }
        }

        var rows = new List<RollupRow>(sums.Count);
        foreach (var ((region, category, mode, scope), sum) in sums)
        {
            var node = regions.GetValueOrDefault(region);
            var completion = Rate(CompletionRate.Of(sum.Ytd, sum.Plan));
            var elapsed = Rate(PlannedToDate.ShareOf(sum.PlannedToDate, sum.Plan));
            var lag = Rate(Lag.Of(completion, elapsed));
            decimal? task = category == RollupRow.All && mode == RollupRow.All && targets.TryGetValue((region, scope), out var t) ? t : null;
            rows.Add(new RollupRow
            {
                Year = period.Year,
                Month = period.Month,
                RegionCode = region,
                ModeCategory = category,
                Mode = mode,
                Scope = scope,
                RegionLevel = node?.Level ?? RegionLevels.County,
                ParentCode = node?.ParentCode,
                SectionCount = sum.SectionCount,
                Plan = sum.Plan,
                PlannedToDate = sum.PlannedToDate,
                MonthActual = sum.MonthActual,
                YtdActual = sum.Ytd,
                PreviousYtd = sum.PreviousYtd,
                Task = task,
                YoyGrowth = Rate(YearOverYear.Growth(sum.Ytd, sum.PreviousYtd)),
                CompletionRate = completion,
                TimeElapsedProgress = elapsed,
                Lag = lag,
                LagStatus = Lag.StatusOf(lag, thresholds) switch
                {
                    LagStatus.Green => "green",
                    LagStatus.Yellow => "yellow",
                    LagStatus.Red => "red",
                    _ => null,
                },
            });
        }

        // Competition ranks among the regions sharing a parent, per mode and scope; display order inside a tie is the code.
        foreach (var siblings in rows.GroupBy(r => (r.ParentCode, r.ModeCategory, r.Mode, r.Scope)))
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

        rows.Sort(static (a, b) =>
        {
            var c = string.CompareOrdinal(a.RegionCode, b.RegionCode);
            if (c == 0) c = string.CompareOrdinal(a.ModeCategory, b.ModeCategory);
            if (c == 0) c = string.CompareOrdinal(a.Mode, b.Mode);
            return c != 0 ? c : string.CompareOrdinal(a.Scope, b.Scope);
        });
        return rows;
    }

    public static List<DataQualityFinding> Findings(
        ReportingMonth period, IEnumerable<SectionSignal> sections, IEnumerable<OverApportioned> overApportioned,
        IReadOnlyList<RollupRow> rows)
    {
        var findings = new List<DataQualityFinding>();
        void Add(string kind, string? region, long? projectId, long? sectionId, string message) =>
            findings.Add(new DataQualityFinding
            {
                Year = period.Year, Month = period.Month, Kind = kind, RegionCode = region, ProjectId = projectId,
                SectionId = sectionId, Message = message,
            });

        foreach (var p in overApportioned)
        {
            Add(FindingKinds.SectionsExceedTotal, p.RegionCode, p.ProjectId, null, Text(
                $"Project {p.ProjectCode}: its sections' apportioned shares add up to {Wan(p.Shares)}, more than its total investment of {Wan(p.Total)} (by {Wan(p.Shares - p.Total)})."));
        }

        foreach (var s in sections)
        {
            var where = Text($"Section {s.SectionId} of project {s.ProjectCode} (region {s.RegionCode})");
            if (s.MissingMonths != 0)
            {
                var months = Enumerable.Range(1, period.Month).Where(m => (s.MissingMonths & (1 << (m - 1))) != 0)
                    .Select(m => new ReportingMonth(period.Year, m).ToString());
                Add(FindingKinds.MissingMonth, s.RegionCode, s.ProjectId, s.SectionId,
                    Text($"{where} has a plan for {period.Year} but no approved report for {string.Join(", ", months)}."));
            }
            if (s.OpenStatus is not null)
            {
                Add(FindingKinds.UnapprovedMonth, s.RegionCode, s.ProjectId, s.SectionId,
                    Text($"{where}: the report for {period} is {s.OpenStatus} but not approved, so its figures are not counted."));
            }
            if (s.Mode == "other" && s.Ytd != 0)
            {
                Add(FindingKinds.NoMode, s.RegionCode, s.ProjectId, s.SectionId, Text(
                    $"{where} has {Wan(s.Ytd)} approved in {period.YearStart}..{period}, but its project's mode is 'other', so the amount counts in no named transport mode."));
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
                        Add(FindingKinds.ProgressBackwards, s.RegionCode, s.ProjectId, s.SectionId, Text(
                            $"{where}: approved physical progress went down from {Percent(before)} in {new ReportingMonth(period.Year, lastMonth)} to {Percent(value)} in {new ReportingMonth(period.Year, m)}."));
                    }
                    last = value;
                    lastMonth = m;
                }
            }
        }

        findings.AddRange(PartsThatDoNotAddUp(period, rows));
        findings.Sort(static (a, b) =>
        {
            var c = string.CompareOrdinal(a.Kind, b.Kind);
            if (c == 0) c = string.CompareOrdinal(a.RegionCode, b.RegionCode);
            if (c == 0) c = Nullable.Compare(a.SectionId, b.SectionId);
            if (c == 0) c = Nullable.Compare(a.ProjectId, b.ProjectId);
            return c != 0 ? c : string.CompareOrdinal(a.Message, b.Message);
        });
        return findings;
    }

    /// <summary>
    /// A self-check of the roll-up: each region's mode categories must add up to its all-modes row, and each category's
    /// modes to the category row. It should never fire; if it does, the roll-up itself is wrong.
    /// </summary>
    private static IEnumerable<DataQualityFinding> PartsThatDoNotAddUp(ReportingMonth period, IReadOnlyList<RollupRow> rows)
    {
        foreach (var regionScope in rows.GroupBy(r => (r.RegionCode, r.Scope)))
        {
            var list = regionScope.ToList();
            foreach (var whole in list.Where(r => r.Mode == RollupRow.All))
            {
                var (parts, what) = whole.ModeCategory == RollupRow.All
                    ? (list.Where(r => r.ModeCategory != RollupRow.All && r.Mode == RollupRow.All), "mode categories")
                    : (list.Where(r => r.ModeCategory == whole.ModeCategory && r.Mode != RollupRow.All), $"modes of category {whole.ModeCategory}");
                decimal plan = 0, ytd = 0, month = 0, previous = 0;
                foreach (var part in parts)
                {
                    plan += part.Plan;
                    ytd += part.YtdActual;
                    month += part.MonthActual;
                    previous += part.PreviousYtd;
                }
                if (plan != whole.Plan || ytd != whole.YtdActual || month != whole.MonthActual || previous != whole.PreviousYtd)
                {
                    yield return new DataQualityFinding
                    {
                        Year = period.Year, Month = period.Month, Kind = FindingKinds.PartsDoNotAddUp, RegionCode = whole.RegionCode,
                        Message = Text($"Region {whole.RegionCode}, scope {whole.Scope}: the {what} add up to plan {Wan(plan)}, year-to-date {Wan(ytd)}, month {Wan(month)}, previous year {Wan(previous)}, but the {whole.ModeCategory}/{whole.Mode} row says plan {Wan(whole.Plan)}, year-to-date {Wan(whole.YtdActual)}, month {Wan(whole.MonthActual)}, previous year {Wan(whole.PreviousYtd)}."),
                    };
                }
            }
        }
    }

    private static void Add(Dictionary<(string, string, string, string), Sum> sums, (string, string, string, string) key, GroupFigures g)
    {
        if (!sums.TryGetValue(key, out var sum))
        {
            sums[key] = sum = new Sum();
        }
        sum.SectionCount += g.SectionCount;
        sum.Plan += g.Plan;
        sum.PlannedToDate += g.PlannedToDate;
        sum.MonthActual += g.MonthActual;
        sum.Ytd += g.Ytd;
        sum.PreviousYtd += g.PreviousYtd;
    }

    private static decimal? Rate(decimal? ratio) => ratio is { } r && Math.Abs(r) < RateLimit
        ? decimal.Round(r, 6, MidpointRounding.AwayFromZero)
        : null;

    private static string Wan(decimal amount) =>
        amount.ToString("0.####", CultureInfo.InvariantCulture) + " (10^4 yuan)";

    private static string Percent(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture) + "%";

    private static string Text(FormattableString message) => message.ToString(CultureInfo.InvariantCulture);

    private sealed class Sum
    {
        public int SectionCount;
        public decimal Plan;
        public decimal PlannedToDate;
        public decimal MonthActual;
        public decimal Ytd;
        public decimal PreviousYtd;
    }
}
