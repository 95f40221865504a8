namespace Investment.Domain.Reporting;

/// <summary>
/// 填报期限: on any day the month to report is the previous calendar month, due on the bureau's due day of the month
/// after it (say the 5th: November's report is due on 5 December). A due day past the month's end is its last day.
/// </summary>
public sealed record ReportingDeadline(ReportingMonth Month, DateOnly DueDate)
{
    public const int DefaultDueDay = 5;

    /// <summary>The month a headquarters reports on <paramref name="today"/>, and its deadline.</summary>
    public static ReportingDeadline Current(DateOnly today, int dueDay) => For(ReportingMonth.Of(today).Previous, dueDay);

    public static ReportingDeadline For(ReportingMonth month, int dueDay)
    {
        if (dueDay is < 1 or > 31)
        {
            throw new ArgumentOutOfRangeException(nameof(dueDay), dueDay, "A due day is a day of the month, 1 to 31.");
        }
        var next = month.Next;
        return new ReportingDeadline(month, new DateOnly(next.Year, next.Month, Math.Min(dueDay, next.LastDay.Day)));
    }

    /// <summary>Whole days from <paramref name="today"/> to the due date: 0 on the day itself, negative once overdue.</summary>
    public int DaysLeft(DateOnly today) => DueDate.DayNumber - today.DayNumber;
}
