namespace Investment.Domain;

/// <summary>
/// Money conventions shared by validators, rules and SQL. Project figures are entered in 万元 (10⁴ yuan);
/// county and city figures are shown in 亿元 (10⁸ yuan). Amounts are always <see cref="decimal"/>, never floating point.
/// </summary>
public static class Money
{
    /// <summary>
    /// Decimal places stored for an amount in 万元: 4, which is exact to the yuan (670.6135万元 = 6,706,135 yuan).
    /// </summary>
    public const int WanScale = 4;

    /// <summary>
    /// Largest absolute amount in 万元 that fits a <c>numeric(18,4)</c> column: 14 integer digits, 4 decimals.
    /// </summary>
    public const decimal MaxWan = 99_999_999_999_999.9999m;

    /// <summary>Number of 万元 in one 亿元 (10⁸ / 10⁴).</summary>
    public const decimal WanPerYi = 10_000m;

    /// <summary>
    /// A computed amount (a share of a plan, planned-to-date) to the yuan: 4 decimals in 万元, half away from zero, so
    /// 48,500.0000000001 is shown and compared as 48,500.
    /// </summary>
    public static decimal ToYuan(decimal wan) => Math.Round(wan, WanScale, MidpointRounding.AwayFromZero);

    /// <summary>
    /// True when <paramref name="value"/> has no significant digit beyond <paramref name="scale"/> decimal places.
    /// Trailing zeros do not count: 1.2300m passes at scale 4 (and at scale 2); 1.23456m fails at scale 4.
    /// </summary>
    /// <param name="value">Any amount.</param>
    /// <param name="scale">Allowed decimal places, 0..28.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is outside 0..28.</exception>
    public static bool HasAtMostScale(decimal value, int scale)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(scale);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scale, 28);
        return decimal.Round(value, scale) == value;
    }

    /// <summary>
    /// True when an amount in 万元 can be stored as entered: at most <see cref="WanScale"/> decimal places and
    /// absolute value at most <see cref="MaxWan"/>. Negative amounts (corrections) pass; whether they are allowed
    /// is the caller's rule.
    /// </summary>
    public static bool FitsWanColumn(decimal wan) =>
        Math.Abs(wan) <= MaxWan && HasAtMostScale(wan, WanScale);

    /// <summary>Converts 万元 to 亿元 (÷ 10,000). Exact, no rounding: 613,700万元 → 61.37亿元.</summary>
    public static decimal WanToYi(decimal wan) => wan / WanPerYi;

    /// <summary>Converts 亿元 to 万元 (× 10,000). Exact, no rounding: 61.5亿元 → 615,000万元.</summary>
    /// <exception cref="OverflowException">The result exceeds the range of <see cref="decimal"/>.</exception>
    public static decimal YiToWan(decimal yi) => yi * WanPerYi;
}
