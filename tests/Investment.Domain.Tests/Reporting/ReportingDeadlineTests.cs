using System.Globalization;
using Investment.Domain.Reporting;

namespace Investment.Domain.Tests.Reporting;

public sealed class ReportingDeadlineTests
{
    [Theory]
    [InlineData("2026-12-04", 5, "2026-11", "2026-12-05", 1)]
    [InlineData("2026-12-05", 5, "2026-11", "2026-12-05", 0)]
    [InlineData("2026-12-31", 5, "2026-11", "2026-12-05", -26)]
    [InlineData("2027-01-02", 5, "2026-12", "2027-01-05", 3)]
    [InlineData("2027-02-10", 31, "2027-01", "2027-02-28", 18)]
    [InlineData("2024-02-10", 31, "2024-01", "2024-02-29", 19)]
    public void The_month_to_report_is_the_previous_one_due_on_the_due_day_after_it(
        string today, int dueDay, string month, string due, int daysLeft)
    {
        var day = DateOnly.Parse(today, CultureInfo.InvariantCulture);

        var deadline = ReportingDeadline.Current(day, dueDay);

        Assert.Equal(month, deadline.Month.ToString());
        Assert.Equal(DateOnly.Parse(due, CultureInfo.InvariantCulture), deadline.DueDate);
        Assert.Equal(daysLeft, deadline.DaysLeft(day));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(32)]
    public void A_due_day_outside_the_month_is_refused(int dueDay)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ReportingDeadline.For(new ReportingMonth(2026, 11), dueDay));
        Assert.StartsWith("A due day is a day of the month", e.Message, StringComparison.Ordinal);
    }
}
