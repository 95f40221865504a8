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

    public static TheoryData<string, decimal?, string?, decimal?> LaterCases => new()
    {
        // Equal to the lowest later value is not a decrease.
        { "2023-08", 40m, null, null },
        { "2023-08", 39m, null, null },
        // Above: the lowest later month, the earliest one on a tie.
        { "2023-08", 40.01m, "2023-09", 40m },
        { "2023-09", 50m, "2023-10", 45.5m },
        { "2023-10", 61m, "2023-11", 45.5m },
        // Earlier months do not count, nor the month itself.
        { "2023-12", 99m, null, null },
        { "2024-01", 100m, null, null },
        { "2023-08", null, null, null },
    };

    [Theory]
    [MemberData(nameof(LaterCases))]
    public void LowestBelow_NamesTheLaterMonthThatWouldGoBackwards(string period, decimal? progress, string? expectedPeriod, decimal? expectedProgress)
    {
        var found = ProgressRegression.LowestBelow(History, ReportingMonth.Parse(period), progress);
        Assert.Equal(expectedPeriod, found?.Period.ToString());
        Assert.Equal(expectedProgress, found?.Progress);
    }

    [Fact]
    public void ConflictWith_EarlierHigherMonth_ComesBeforeALaterLowerOne()
    {
        // 41 lies between September's 40 and November's 45.5: nothing to explain.
        Assert.Null(ProgressRegression.ConflictWith(History, ReportingMonth.Parse("2023-10"), 41m));
        // 39 is below September's 40.
        Assert.Equal(new ProgressConflict(At("2023-09", 40m), IsLater: false),
            ProgressRegression.ConflictWith(History, ReportingMonth.Parse("2023-10"), 39m));
        // A back-dated August above September's 40.
        Assert.Equal(new ProgressConflict(At("2023-09", 40m), IsLater: true),
            ProgressRegression.ConflictWith(History, ReportingMonth.Parse("2023-08"), 41m));
        // Both at once (a month between 40 and 30): the earlier one is named.
        MonthProgress[] both = [At("2023-01", 40m), At("2023-03", 30m)];
        Assert.Equal(new ProgressConflict(At("2023-01", 40m), IsLater: false),
            ProgressRegression.ConflictWith(both, ReportingMonth.Parse("2023-02"), 35m));
        Assert.Null(ProgressRegression.ConflictWith(History, ReportingMonth.Parse("2023-08"), null));
    }
}
