using System.Globalization;

namespace Investment.Domain.Bulletins;

/// <summary>
/// How the monthly bulletin (交通投资月度通报) writes its numbers, in the register of the bureaus' own write-ups:
/// "计划完成投资61.5亿元，实际完成约63.7亿元，完成年度计划103.6%，同比增长69.9%". Pure wording: every figure is computed
/// elsewhere (<see cref="Rate"/>, <see cref="Money"/>) and only written here.
/// </summary>
public static class BulletinWording
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static readonly string[] Digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

    /// <summary>
    /// An amount given in 万元: from 1亿元 up in 亿元 to two decimals with trailing zeros dropped (615,000万元 → "61.5亿元",
    /// 436,800 → "43.68亿元"), prefixed "约" only when those two decimals lost something (613,740 → "约61.37亿元"); below
    /// 1亿元 in 万元 as entered, to the yuan (3,500 → "3500万元", 670.6135 → "670.6135万元"), never rounded. Negative
    /// amounts (a year of corrections) keep their sign.
    /// </summary>
    /// <param name="wan">The amount in 万元, at most 4 decimals are meaningful (<see cref="Money.WanScale"/>).</param>
    public static string Amount(decimal wan)
    {
        if (Math.Abs(wan) >= Money.WanPerYi)
        {
            var yi = Money.WanToYi(wan);
            var rounded = decimal.Round(yi, 2, MidpointRounding.AwayFromZero);
            return (rounded == yi ? "" : "约") + Trim(rounded) + "亿元";
        }
        return Trim(Money.ToYuan(wan)) + "万元";
    }

    /// <summary>
    /// A ratio as a percentage to one decimal, half away from zero, the decimal always written (1.036 → "103.6%",
    /// 1 → "100.0%", 1.5427 → "154.3%"). Percentages are read as rounded, so no "约".
    /// </summary>
    public static string Percent(decimal ratio) =>
        decimal.Round(ratio * 100m, 1, MidpointRounding.AwayFromZero).ToString("0.0", Invariant) + "%";

    /// <summary>
    /// Year-on-year growth by its sign: "同比增长69.9%", "同比下降5.2%", and "与上年同期持平" when it rounds to 0.0%.
    /// </summary>
    public static string Growth(decimal ratio)
    {
        var points = decimal.Round(ratio * 100m, 1, MidpointRounding.AwayFromZero);
        return points switch
        {
            > 0 => "同比增长" + Percent(ratio),
            < 0 => "同比下降" + Percent(-ratio),
            _ => "与上年同期持平",
        };
    }

    /// <summary>A difference of two ratios in percentage points, unsigned, one decimal: −0.2034 → "20.3个百分点".</summary>
    public static string Points(decimal ratioDifference) =>
        decimal.Round(Math.Abs(ratioDifference) * 100m, 1, MidpointRounding.AwayFromZero).ToString("0.0", Invariant) + "个百分点";

    /// <summary>A whole number in Chinese numerals as ranks are written (1 → "一", 10 → "十", 12 → "十二", 20 → "二十", 99).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is outside 1..99.</exception>
    public static string Numeral(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, 99);
        if (n < 10)
        {
            return Digits[n];
        }
        var tens = n / 10 == 1 ? "" : Digits[n / 10];
        return tens + "十" + (n % 10 == 0 ? "" : Digits[n % 10]);
    }

    /// <summary>A rank as written: 1 → "第一", 2 → "第二".</summary>
    public static string Rank(int rank) => "第" + Numeral(rank);

    /// <summary>
    /// A region's rank through the year, from January to the bulletin's month: runs of equal ranks in month order,
    /// "1-9月排名第二，10月起排名第一"; a run that does not reach the last month is closed ("1-3月排名第三，4月排名第二，
    /// 5月起排名第一"); a single run reads "1-12月均排名第一" ("1月排名第一" in January). Null when a month is missing
    /// (not rolled up, or unranked): a history with a hole is left out rather than guessed.
    /// </summary>
    /// <param name="ranks">The rank of month 1, 2, … in order; a null is a month without a rank.</param>
    public static string? RankHistory(IReadOnlyList<int?> ranks)
    {
        ArgumentNullException.ThrowIfNull(ranks);
        if (ranks.Count == 0 || ranks.Any(r => r is null))
        {
            return null;
        }
        if (ranks.Count == 1)
        {
            return "1月排名" + Rank(ranks[0]!.Value);
        }
        var runs = new List<(int From, int To, int Rank)>();
        for (var i = 0; i < ranks.Count; i++)
        {
            var month = i + 1;
            if (runs.Count > 0 && runs[^1].Rank == ranks[i])
            {
                runs[^1] = runs[^1] with { To = month };
            }
            else
            {
                runs.Add((month, month, ranks[i]!.Value));
            }
        }
        if (runs.Count == 1)
        {
            return string.Create(Invariant, $"1-{ranks.Count}月均排名{Rank(runs[0].Rank)}");
        }
        return string.Join("，", runs.Select((run, i) =>
            i == runs.Count - 1 && run.From != run.To ? string.Create(Invariant, $"{run.From}月起排名{Rank(run.Rank)}")
            : run.From == run.To ? string.Create(Invariant, $"{run.From}月排名{Rank(run.Rank)}")
            : string.Create(Invariant, $"{run.From}-{run.To}月排名{Rank(run.Rank)}")));
    }

    /// <summary>A physical quantity with its unit, as entered, trailing zeros dropped: (35.50, "公里") → "35.5公里".</summary>
    public static string Quantity(decimal value, string unit) => Trim(value) + unit;

    /// <summary>Names in a list as a bureau writes them: "浣东互通改扩建、店口湄池大桥".</summary>
    public static string Names(IEnumerable<string> names) => string.Join("、", names);

    private static string Trim(decimal value) => value.ToString("0.####", Invariant);
}
