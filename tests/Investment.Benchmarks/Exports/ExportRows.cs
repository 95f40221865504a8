global using DetailRow = Investment.Api.Features.Exports.ProjectDetailRow;
global using RankingRow = Investment.Api.Features.Exports.CountyRankingRow;
using System.Globalization;
using Investment.Api.Features.Figures;
using Investment.Benchmarks.Synthetic;
using Investment.Domain.Figures;
using Investment.Domain.Progress;

namespace Investment.Benchmarks.Exports;

/// <summary>Export rows made in memory, deterministically, so no database is in the timings.</summary>
internal static class ExportRows
{
    private static readonly string[] Modes =
        ["rural_road", "trunk_highway", "urban_road", "expressway", "railway", "urban_rail", "port", "waterway", "airport", "hub"];

    private static readonly string[] Works = ["路基土石方", "桥梁桩基", "涵洞", "路面基层", "沥青面层", "隧道掘进", "护岸", "站房主体"];

    /// <summary>
    /// A city's counties ranked by year-to-date actual (lagging ones red or yellow, the last without a plan: 无计划,
    /// unranked) and the city's total, its rates from the domain's rules as the roll-up's are.
    /// </summary>
    public static (List<RankingRow> Rows, RankingRow Total) RankingTable(ulong seed, int counties)
    {
        var rng = new Rng(seed ^ 0x5EED);
        var elapsed = decimal.Round(11m / 12m, 6);
        var thresholds = LagThresholds.Default;
        RankingRow Figures(string code, string name, decimal plan, decimal ytd, decimal previous)
        {
            var rates = InvestmentFigures.RatesOf(plan, plan * elapsed, ytd, previous, thresholds);
            return new RankingRow(null, code, name, plan, ytd, rates.CompletionRate, rates.TimeElapsedProgress, rates.Lag, previous,
                rates.YoyGrowth, FigureParameters.ToCode(rates.LagStatus));
        }

        var rows = new List<RankingRow>(counties);
        for (var k = 1; k < counties; k++)
        {
            var plan = rng.Between(50_000, 600_000) * 1m; // 万元: 5–60 亿元
            var ytd = decimal.Round(plan * (0.6m + (rng.Next(700) / 1000m)), 4);
            var previous = decimal.Round(ytd * (0.7m + (rng.Next(600) / 1000m)), 4);
            rows.Add(Figures(string.Create(CultureInfo.InvariantCulture, $"9101{k:D2}"), string.Create(CultureInfo.InvariantCulture, $"基准101{k:D2}县"),
                plan, ytd, previous));
        }
        var total = Figures("910100", "基准101市", rows.Sum(r => r.Plan), rows.Sum(r => r.YtdActual), rows.Sum(r => r.PreviousYtd));
        var ranked = rows.OrderByDescending(r => r.YtdActual).Select((r, i) => r with { Rank = i + 1 }).ToList();
        ranked.Add(RankingRow.Empty(string.Create(CultureInfo.InvariantCulture, $"9101{counties:D2}"), string.Create(CultureInfo.InvariantCulture, $"基准101{counties:D2}县")));
        return (ranked, total);
    }

    /// <summary>A plan profile heavier in the second half, as many works are (building season): one section in five has one.</summary>
    private static readonly decimal[] Profile = [2, 3, 6, 8, 9, 10, 10, 11, 11, 10, 10, 10];

    /// <summary>
    /// <paramref name="count"/> section rows of a large region, produced lazily (a row at a time, like the database
    /// reader the export endpoint streams from); most with a month's report, some without; most with last year's
    /// figure for 同比, one in five with a plan profile.
    /// </summary>
    public static IEnumerable<DetailRow> Detail(ulong seed, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var rng = Rng.For(seed, i, 11);
            var county = i / 30;
            var mode = rng.Pick(Modes);
            var plan = rng.Between(300, 30_000) * 1m;
            var reported = rng.Chance(0.93);
            var ytd = reported ? decimal.Round(plan * (rng.Next(1_200) / 1000m), 4) : (decimal?)null;
            var work = rng.Pick(Works);
            yield return new DetailRow(
                string.Create(CultureInfo.InvariantCulture, $"基准{10 + (county / 100)}{1 + (county / 10 % 9)}{county % 100:D2}县"),
                string.Create(CultureInfo.InvariantCulture, $"BM{i + 1:D7}"),
                string.Create(CultureInfo.InvariantCulture, $"基准{county:D4}县{Nation.ModeName(mode)}项目{i % 30 + 1:D2}"),
                mode,
                string.Create(CultureInfo.InvariantCulture, $"基准{county:D4}县段"),
                plan,
                reported ? decimal.Round(plan / 12m * (rng.Next(1_400) / 1000m), 4) : null,
                ytd,
                reported ? rng.Between(0, 10_000) / 100m : null,
                reported ? string.Create(CultureInfo.InvariantCulture, $"本月完成{work}{rng.Between(20, 3_000)}米，累计完成{work}{rng.Between(1, 99)}%，施工正常推进") : null,
                reported && rng.Chance(0.15) ? string.Create(CultureInfo.InvariantCulture, $"征迁尚有{rng.Between(1, 40)}处未完成，需属地协调") : null,
                ytd is { } y && rng.Chance(0.9) ? decimal.Round(y * (0.6m + (rng.Next(800) / 1000m)), 4) : null,
                rng.Chance(0.2) ? Profile : null);
        }
    }
}
