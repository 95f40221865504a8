namespace Investment.Domain.LandIssues;

/// <summary>How long land issues have been open, and which are overdue, as of a given date.</summary>
/// <remarks>
/// All three rules look at the world as it stood on <c>asOf</c>: an issue resolved after <c>asOf</c> counts as still
/// open on <c>asOf</c>, so re-running a past period gives the same answer.
/// </remarks>
public static class LandIssueAge
{
    /// <summary>The age buckets <see cref="Bucket"/> returns, youngest first (for table columns and chart order).</summary>
    public static IReadOnlyList<string> Buckets { get; } =
        Array.AsReadOnly<string>(["0-30", "31-90", "91-180", "181-365", ">365"]);

    /// <summary>
    /// Calendar days from identification to resolution, or to <paramref name="asOf"/> if not resolved by then.
    /// Identified and resolved on the same day is 0 days.
    /// </summary>
    /// <param name="identifiedOn">The day the issue was identified.</param>
    /// <param name="resolvedOn">The day it was resolved; <c>null</c> or after <paramref name="asOf"/> means still open.</param>
    /// <param name="asOf">The day the age is measured on.</param>
    /// <returns>
    /// Days, 0 or more. An issue identified after <paramref name="asOf"/> did not exist yet; callers should leave it
    /// out, and this returns 0 rather than a negative age.
    /// </returns>
    /// <exception cref="ArgumentException"><paramref name="resolvedOn"/> is before <paramref name="identifiedOn"/>.</exception>
    public static int DaysOpen(DateOnly identifiedOn, DateOnly? resolvedOn, DateOnly asOf)
    {
        if (resolvedOn < identifiedOn)
        {
            throw new ArgumentException("An issue cannot be resolved before it was identified.", nameof(resolvedOn));
        }

        var end = resolvedOn is { } r && r <= asOf ? r : asOf;
        return Math.Max(0, end.DayNumber - identifiedOn.DayNumber);
    }

    /// <summary>
    /// The age bucket for <paramref name="days"/> (from <see cref="DaysOpen"/>): "0-30", "31-90", "91-180",
    /// "181-365" or "&gt;365"; both ends of each range are included (30 → "0-30", 31 → "31-90").
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="days"/> is negative.</exception>
    public static string Bucket(int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        return days switch
        {
            <= 30 => Buckets[0],
            <= 90 => Buckets[1],
            <= 180 => Buckets[2],
            <= 365 => Buckets[3],
            _ => Buckets[4],
        };
    }

    /// <summary>
    /// True when the issue has a due date, is still open on <paramref name="asOf"/>, and the due date is before
    /// <paramref name="asOf"/>. Due on <paramref name="asOf"/> itself is not yet overdue; no due date is never overdue.
    /// </summary>
    /// <param name="dueOn">The day it should be resolved by, or <c>null</c>.</param>
    /// <param name="resolvedOn">The day it was resolved; <c>null</c> or after <paramref name="asOf"/> means still open.</param>
    /// <param name="asOf">The day the check is made for.</param>
    public static bool IsOverdue(DateOnly? dueOn, DateOnly? resolvedOn, DateOnly asOf)
    {
        var openOnAsOf = resolvedOn is null || resolvedOn > asOf;
        return openOnAsOf && dueOn < asOf;
    }
}
