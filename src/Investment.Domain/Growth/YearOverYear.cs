namespace Investment.Domain.Growth;

/// <summary>Year-on-year growth (同比增长).</summary>
public static class YearOverYear
{
    /// <summary>
    /// (current − previous year) ÷ previous year, as a ratio (0.081 = +8.1%); negative for a decline; rounded as every rate is
    /// (<see cref="Rate"/>).
    /// Both figures are for the same period (e.g. year-to-date through July this year and last year), same unit.
    /// </summary>
    /// <returns>
    /// The growth; <c>null</c> when <paramref name="previousYear"/> is 0 (growth from nothing is undefined) or
    /// negative (the sign would invert: going from −10 to +10 would read as −200%, a "decline").
    /// </returns>
    public static decimal? Growth(decimal current, decimal previousYear) => Rate.Of(current - previousYear, previousYear);
}
