namespace Investment.Domain.Progress;

/// <summary>Completion rate (完成年度计划 …%): how much of the annual plan has been done.</summary>
public static class CompletionRate
{
    /// <summary>
    /// Year-to-date actual ÷ annual plan, as a ratio (1.036 means 103.6%), rounded as every rate is (<see cref="Rate"/>).
    /// </summary>
    /// <param name="actual">Year-to-date actual investment (any unit, the same as <paramref name="planned"/>).</param>
    /// <param name="planned">Annual planned investment, same unit.</param>
    /// <returns>
    /// The ratio, which can exceed 1 (over-fulfilment) and can be negative if corrections make the actual negative;
    /// <c>null</c> ("n/a", not 0% and not ∞) when <paramref name="planned"/> is 0 or negative, because no share of
    /// a plan that is nothing — or less than nothing — means anything; <c>null</c> too beyond <see cref="Rate.Limit"/>.
    /// </returns>
    public static decimal? Of(decimal actual, decimal planned) => Rate.Of(actual, planned);
}
