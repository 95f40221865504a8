using Investment.Domain.Reporting;

namespace Investment.Domain.Tests.Reporting;

public sealed class ProgressRegressionTests
{
    private static MonthProgress At(string period, decimal progress) => new(ReportingMonth.Parse(period), progress);

    private static readonly MonthProgress[] History =
    [
        At("2023-09", 40m), At("2023-10", 45.5m), At("2023-11", 45.5m), At("2023-12", 60m),
    ];

    public static TheoryData<string, decimal?, string?, decimal?> Cases => new()
    {
        // Equal to the highest earlier value is not a decrease.
        { "2023-12", 45.5m, null, null },
        { "2023-12", 50m, null, null },
        // Below: the highest earlier month, the latest one on a tie.
        { "2023-12", 45.49m, "2023-11", 45.5m },
        { "2023-11", 41m, "2023-10", 45.5m },
        { "2023-11", 45.5m, null, null },
        // Later months do not count, nor the month itself.
        { "2023-10", 39m, "2023-09", 40m },
        { "2023-09", 0m, null, null },
        { "2024-01", 59.99m, "2023-12", 60m },
        { "2024-01", 0m, "2023-12", 60m },
        // Not reported: nothing to compare.
        { "2024-01", null, null, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void HighestAbove_NamesTheMonthItGoesBelow(string period, decimal? progress, string? expectedPeriod, decimal? expectedProgress)
    {
        var found = ProgressRegression.HighestAbove(History, ReportingMonth.Parse(period), progress);
        Assert.Equal(expectedPeriod, found?.Period.ToString());
        Assert.Equal(expectedProgress, found?.Progress);
    }

    [Fact]
    public void HighestAbove_NoHistory_IsNull()
    {
        Assert.Null(ProgressRegression.HighestAbove([], ReportingMonth.Parse("2023-05"), 0m));
    }
}
