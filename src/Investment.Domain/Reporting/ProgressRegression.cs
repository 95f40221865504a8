namespace Investment.Domain.Reporting;

/// <summary>The physical progress (形象进度, percent of the whole works, 0–100) a section reported for one month.</summary>
/// <param name="Period">The month.</param>
/// <param name="Progress">Percent of the whole works done by the end of that month.</param>
public readonly record struct MonthProgress(ReportingMonth Period, decimal Progress);

/// <summary>
/// Physical progress is cumulative, so it should never go down from one month to a later one. A lower value is
/// allowed only with a stated reason (re-measured works, a scope change), and the rule names the month it goes
/// below so the reporter can check.
/// </summary>
public static class ProgressRegression
{
    /// <summary>
    /// The earlier month whose progress is highest and above <paramref name="progress"/>: the month the new value goes
    /// backwards from. On a tie, the latest such month. Months at or after <paramref name="period"/> are ignored.
    /// </summary>
    /// <param name="earlier">Each earlier month's figure (the approved one, else the open one); any order.</param>
    /// <param name="period">The month being reported.</param>
    /// <param name="progress">The progress being reported for it; <c>null</c> (not reported) never goes backwards.</param>
    /// <returns>That month and its progress, or <c>null</c> when nothing earlier is higher (equal is not a decrease).</returns>
    public static MonthProgress? HighestAbove(IEnumerable<MonthProgress> earlier, ReportingMonth period, decimal? progress)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        if (progress is not { } value)
        {
            return null;
        }
        MonthProgress? highest = null;
        foreach (var month in earlier)
        {
            if (month.Period >= period || month.Progress <= value)
            {
                continue;
            }
            if (highest is not { } h || month.Progress > h.Progress || (month.Progress == h.Progress && month.Period > h.Period))
            {
                highest = month;
            }
        }
        return highest;
    }
}
