namespace Investment.Domain.Reporting;

/// <summary>Why a month cannot be reported for a section.</summary>
public enum PeriodProblem
{
    /// <summary>The month can be reported.</summary>
    None,

    /// <summary>The month has not begun yet.</summary>
    Future,

    /// <summary>The section did not report yet: the month is before its first reporting month.</summary>
    BeforeActiveFrom,
}

/// <summary>Which months a section may report for: from its first reporting month through the current month.</summary>
public static class ReportablePeriod
{
    /// <summary>
    /// Checks <paramref name="period"/> against the current month (the one <paramref name="today"/> falls in) and the
    /// section's first reporting month. The current month itself is reportable (a report may be drafted during it).
    /// </summary>
    /// <param name="period">The month to report.</param>
    /// <param name="today">Today in the bureau's time zone.</param>
    /// <param name="activeFrom">The section's first reporting month; <c>null</c> when no section is known yet.</param>
    /// <returns><see cref="PeriodProblem.Future"/> first, then <see cref="PeriodProblem.BeforeActiveFrom"/>, else none.</returns>
    public static PeriodProblem Check(ReportingMonth period, DateOnly today, ReportingMonth? activeFrom = null)
    {
        if (period > ReportingMonth.Of(today))
        {
            return PeriodProblem.Future;
        }
        return activeFrom is { } first && period < first ? PeriodProblem.BeforeActiveFrom : PeriodProblem.None;
    }
}
