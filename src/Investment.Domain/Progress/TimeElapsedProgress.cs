namespace Investment.Domain.Progress;

/// <summary>
/// Time-elapsed expected progress (序时进度): the share of the year's plan that should be done by the end of a
/// month. Ratios in 0..1 (0.5 = 50%), rounded as every rate is (<see cref="Rate"/>).
/// </summary>
public static class TimeElapsedProgress
{
    /// <summary>Number of entries in a month-by-month plan profile.</summary>
    public const int MonthsInYear = 12;

    /// <summary>Linear expectation at the end of <paramref name="month"/>: month ÷ 12 (month 6 → 0.5, month 1 → 0.083333).</summary>
    /// <param name="month">Calendar month, 1..12.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="month"/> is outside 1..12.</exception>
    public static decimal Linear(int month)
    {
        ValidateMonth(month);
        return Rate.Of(month, MonthsInYear)!.Value;
    }

    /// <summary>
    /// Expectation from a month-by-month plan: planned amounts of months 1..<paramref name="month"/> ÷ the sum of all
    /// twelve. Months planned at zero add nothing, so the expectation stays flat through them.
    /// </summary>
    /// <param name="monthlyPlan">Planned amount per month, January first; exactly 12 non-negative entries in one unit.</param>
    /// <param name="month">Calendar month, 1..12.</param>
    /// <returns>The ratio in 0..1 (exactly 1 at month 12); <c>null</c> when the twelve months sum to 0 (nothing planned).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="monthlyPlan"/> is <c>null</c>.</exception>
    /// <exception cref="ArgumentException"><paramref name="monthlyPlan"/> does not have 12 entries, or one is negative.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="month"/> is outside 1..12.</exception>
    public static decimal? FromProfile(IReadOnlyList<decimal> monthlyPlan, int month)
    {
        ArgumentNullException.ThrowIfNull(monthlyPlan);
        if (monthlyPlan.Count != MonthsInYear)
        {
            throw new ArgumentException(
                $"A monthly plan has {MonthsInYear} entries, January first; this one has {monthlyPlan.Count}.",
                nameof(monthlyPlan));
        }

        ValidateMonth(month);
        decimal toDate = 0m, annual = 0m;
        for (var i = 0; i < MonthsInYear; i++)
        {
            if (monthlyPlan[i] < 0)
            {
                throw new ArgumentException($"Month {i + 1} of the plan is negative.", nameof(monthlyPlan));
            }

            annual += monthlyPlan[i];
            if (i < month)
            {
                toDate += monthlyPlan[i];
            }
        }

        return Rate.Of(toDate, annual);
    }

    private static void ValidateMonth(int month)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, MonthsInYear);
    }
}
