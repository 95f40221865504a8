using Investment.Domain.Progress;

namespace Investment.Domain.Rollups;

/// <summary>
/// Planned investment to date (序时计划): how much of a section's annual plan should be done by the end of a month, in
/// 万元. Summed over sections it gives a region's expectation, and ÷ the region's plan its time-elapsed progress — so a
/// region whose sections follow different profiles is weighted by money, not averaged.
/// </summary>
public static class PlannedToDate
{
    /// <summary>
    /// The section's planned amount through <paramref name="month"/>: the annual plan × the
    /// <see cref="TimeElapsedProgress"/> ratio (profile share when there is a profile, else month ÷ 12), rounded to
    /// <see cref="Money.WanScale"/> decimals away from zero.
    /// </summary>
    /// <remarks>
    /// The product is formed as (plan × numerator) ÷ denominator — plan × month ÷ 12, or plan × profile-to-date ÷
    /// profile total — so nothing is rounded before the final 4 decimals, and PostgreSQL's numeric arithmetic gives
    /// the same amount (the roll-up computes it in SQL). Multiplying by the already-divided ratio would round the
    /// ratio at 28 digits first and could land half a 0.0001 lower (0.0006 × 1/12 is exactly 0.00005).
    /// A profile that adds up to the plan, as it should, gives its own to-date sum exactly.
    /// </remarks>
    /// <param name="plan">Annual planned investment, 万元, ≥ 0.</param>
    /// <param name="monthlyProfile">Twelve planned amounts, January first, or <c>null</c> for linear.</param>
    /// <param name="month">Calendar month, 1..12.</param>
    /// <returns>The amount in 万元 with at most 4 decimals; 0 when the profile plans nothing at all.</returns>
    /// <exception cref="ArgumentException">The profile is malformed (see <see cref="TimeElapsedProgress.FromProfile"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="month"/> is outside 1..12.</exception>
    public static decimal Of(decimal plan, IReadOnlyList<decimal>? monthlyProfile, int month)
    {
        if (monthlyProfile is null)
        {
            // Validates the month exactly as the ratio does.
            _ = TimeElapsedProgress.Linear(month);
            return Round(plan * month / TimeElapsedProgress.MonthsInYear);
        }

        if (TimeElapsedProgress.FromProfile(monthlyProfile, month) is null)
        {
            return 0m;
        }

        decimal toDate = 0m, annual = 0m;
        for (var i = 0; i < TimeElapsedProgress.MonthsInYear; i++)
        {
            annual += monthlyProfile[i];
            if (i < month)
            {
                toDate += monthlyProfile[i];
            }
        }

        return Round(plan * toDate / annual);
    }

    /// <summary>
    /// A region's time-elapsed progress: its planned-to-date ÷ its annual plan, a ratio in 0..1, rounded as every rate
    /// is (<see cref="Rate"/>).
    /// </summary>
    /// <returns><c>null</c> when the plan is 0 or negative (nothing is expected of nothing).</returns>
    public static decimal? ShareOf(decimal plannedToDate, decimal plan) => Rate.Of(plannedToDate, plan);

    private static decimal Round(decimal wan) => decimal.Round(wan, Money.WanScale, MidpointRounding.AwayFromZero);
}
