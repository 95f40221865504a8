namespace Investment.Domain.Progress;

/// <summary>
/// The lag thresholds an administrator sets, in ratio units (−0.05 = 5 percentage points behind).
/// A lag strictly below <see cref="RedBelow"/> is red; strictly below <see cref="YellowBelow"/> is yellow.
/// </summary>
public sealed record LagThresholds
{
    /// <summary>Creates thresholds; both are zero or negative and red is at or below yellow.</summary>
    /// <param name="yellowBelow">Lags below this are at least yellow; at most 0.</param>
    /// <param name="redBelow">Lags below this are red; at most <paramref name="yellowBelow"/>.</param>
    /// <exception cref="ArgumentException">Not <c>redBelow ≤ yellowBelow ≤ 0</c>.</exception>
    public LagThresholds(decimal yellowBelow, decimal redBelow)
    {
        if (yellowBelow > 0)
        {
            throw new ArgumentException("The yellow threshold must be 0 or negative (a lag behind schedule).", nameof(yellowBelow));
        }

        if (redBelow > yellowBelow)
        {
            throw new ArgumentException("The red threshold must be at or below the yellow threshold.", nameof(redBelow));
        }

        YellowBelow = yellowBelow;
        RedBelow = redBelow;
    }

    /// <summary>Lags strictly below this (ratio, ≤ 0) are yellow or red.</summary>
    public decimal YellowBelow { get; }

    /// <summary>Lags strictly below this (ratio, ≤ <see cref="YellowBelow"/>) are red.</summary>
    public decimal RedBelow { get; }

    /// <summary>The default: yellow below −5 points (−0.05), red below −10 points (−0.10).</summary>
    public static LagThresholds Default => new(-0.05m, -0.10m);
}
