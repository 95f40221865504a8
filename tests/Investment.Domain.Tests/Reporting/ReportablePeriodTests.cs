using Investment.Domain.Reporting;

namespace Investment.Domain.Tests.Reporting;

public sealed class ReportablePeriodTests
{
    private static readonly DateOnly Today = new(2024, 1, 20);

    [Theory]
    [InlineData("2024-01", null, PeriodProblem.None)]
    [InlineData("2023-12", null, PeriodProblem.None)]
    [InlineData("2024-02", null, PeriodProblem.Future)]
    [InlineData("2025-01", null, PeriodProblem.Future)]
    [InlineData("2023-01", "2023-01", PeriodProblem.None)]
    [InlineData("2022-12", "2023-01", PeriodProblem.BeforeActiveFrom)]
    [InlineData("2024-01", "2024-01", PeriodProblem.None)]
    // A future month is future whatever the section says.
    [InlineData("2024-03", "2024-06", PeriodProblem.Future)]
    public void Check_AgainstTodayAndFirstMonth(string period, string? activeFrom, PeriodProblem expected)
    {
        ReportingMonth? first = activeFrom is null ? null : ReportingMonth.Parse(activeFrom);
        Assert.Equal(expected, ReportablePeriod.Check(ReportingMonth.Parse(period), Today, first));
    }

    [Theory]
    [InlineData(2023, 12, 31, "2023-12", PeriodProblem.None)]
    [InlineData(2023, 12, 31, "2024-01", PeriodProblem.Future)]
    [InlineData(2024, 1, 1, "2024-01", PeriodProblem.None)]
    [InlineData(2024, 2, 29, "2024-02", PeriodProblem.None)]
    public void Check_MonthBoundaries(int year, int month, int day, string period, PeriodProblem expected)
    {
        Assert.Equal(expected, ReportablePeriod.Check(ReportingMonth.Parse(period), new DateOnly(year, month, day)));
    }
}
