namespace Investment.Domain.Reporting;

/// <summary>The physical progress (形象进度, percent of the whole works, 0–100) a section reported for one month.</summary>
/// <param name="Period">The month.</param>
/// <param name="Progress">Percent of the whole works done by the end of that month.</param>
public readonly record struct MonthProgress(ReportingMonth Period, decimal Progress);

/// <summary>
/// A month the reported progress contradicts: an earlier month with more progress, or a later month with less.
/// </summary>
/// <param name="Month">That month and its progress.</param>
/// <param name="IsLater">True when it is a later month: the new value is above it (a back-dated month entered high).</param>
public readonly record struct ProgressConflict(MonthProgress Month, bool IsLater);

/// <summary>
/// Physical progress is cumulative, so it should never go down from one month to a later one. A value that makes it go
/// down — below an earlier month, or above a later month already reported — is allowed only with a stated reason
/// (re-measured works, a scope change), and the rule names the month concerned so the reporter can check.
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
    public static MonthProgress? HighestAbove(IEnumerable<MonthProgress> earlier, ReportingMonth period, decimal? progress) =>
        Farthest(earlier, period, progress, direction: 1);

    /// <summary>
    /// The later month whose progress is lowest and below <paramref name="progress"/>: the month that would go backwards
    /// from the new value. On a tie, the earliest such month. Months at or before <paramref name="period"/> are ignored.
    /// </summary>
    /// <param name="later">Each later month's figure (the approved one, else the open one); any order.</param>
    /// <param name="period">The month being reported.</param>
    /// <param name="progress">The progress being reported for it; <c>null</c> (not reported) never conflicts.</param>
    public static MonthProgress? LowestBelow(IEnumerable<MonthProgress> later, ReportingMonth period, decimal? progress) =>
        Farthest(later, period, progress, direction: -1);

    /// <summary>
    /// The one rule every path that stores progress applies: an earlier month above the new value first (see
    /// <see cref="HighestAbove"/>), else a later month below it (see <see cref="LowestBelow"/>), else none.
    /// </summary>
    /// <param name="others">The section's other months (the approved figure, else the open one); any order.</param>
    /// <param name="period">The month being reported.</param>
    /// <param name="progress">The progress being reported for it; <c>null</c> never conflicts.</param>
    public static ProgressConflict? ConflictWith(IEnumerable<MonthProgress> others, ReportingMonth period, decimal? progress)
    {
        ArgumentNullException.ThrowIfNull(others);
        var months = others as IReadOnlyCollection<MonthProgress> ?? others.ToList();
        if (HighestAbove(months, period, progress) is { } earlier)
        {
            return new ProgressConflict(earlier, IsLater: false);
        }
        return LowestBelow(months, period, progress) is { } later ? new ProgressConflict(later, IsLater: true) : null;
    }

    /// <summary>
    /// <paramref name="direction"/> 1: among the months before <paramref name="period"/> above the value, the highest
    /// (the latest on a tie); −1: among the months after it below the value, the lowest (the earliest on a tie). One
    /// loop for both, so the two sides of the rule cannot drift apart.
    /// </summary>
    private static MonthProgress? Farthest(IEnumerable<MonthProgress> months, ReportingMonth period, decimal? progress, int direction)
    {
        ArgumentNullException.ThrowIfNull(months);
        if (progress is not { } value)
        {
            return null;
        }
        MonthProgress? farthest = null;
        foreach (var month in months)
        {
            if (month.Period.CompareTo(period) * direction >= 0 || (month.Progress - value) * direction <= 0)
            {
                continue;
            }
            if (farthest is not { } f || (month.Progress - f.Progress) * direction > 0
                || (month.Progress == f.Progress && month.Period.CompareTo(f.Period) * direction > 0))
            {
                farthest = month;
            }
        }
        return farthest;
    }
}
