namespace Investment.Domain;

/// <summary>
/// A rate as the bureau reads it — completion rate, time-elapsed progress, lag (进度差), year-on-year growth, a share, a
/// resolution rate — is a ratio (1.036 = 103.6%) to <see cref="Decimals"/> decimals, half away from zero. Every rate
/// rule rounds here, once, so a live figure and the roll-up's stored one (numeric(12,6)) are the same number, and a
/// colour or a rank decided on a rate is decided on the number shown.
/// </summary>
public static class Rate
{
    /// <summary>Decimal places of a rate: 6, i.e. a percentage to 4 decimals (103.6000%).</summary>
    public const int Decimals = 6;

    /// <summary>
    /// Rates at or beyond ±1,000,000 (a plan of a few yuan against millions done) say nothing a bureau can use and do not
    /// fit the roll-up's numeric(12,6) column, so they are unknown everywhere rather than only in the roll-up.
    /// </summary>
    public const decimal Limit = 1_000_000m;

    /// <summary><paramref name="part"/> ÷ <paramref name="whole"/>, rounded; unknown when the whole is 0 or negative.</summary>
    /// <returns>The rate; <c>null</c> when <paramref name="whole"/> ≤ 0 (no share of nothing) or the rate is beyond <see cref="Limit"/>.</returns>
    public static decimal? Of(decimal part, decimal whole) => whole > 0 ? Round(part / whole) : null;

    /// <summary>A ratio to <see cref="Decimals"/> decimals, half away from zero (0.0000005 → 0.000001, −0.0000005 → −0.000001).</summary>
    /// <returns>The rounded ratio; <c>null</c> for <c>null</c> or when it is beyond <see cref="Limit"/>.</returns>
    public static decimal? Round(decimal? ratio)
    {
        if (ratio is not { } r)
        {
            return null;
        }

        var rounded = decimal.Round(r, Decimals, MidpointRounding.AwayFromZero);
        return Math.Abs(rounded) < Limit ? rounded : null;
    }
}
