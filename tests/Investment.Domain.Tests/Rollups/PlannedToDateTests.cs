using System.Globalization;
using Investment.Domain.Rollups;

namespace Investment.Domain.Tests.Rollups;

public sealed class PlannedToDateTests
{
    private static readonly decimal[] SlowStart = [0m, 0m, 0m, 10m, 10m, 10m, 10m, 10m, 10m, 10m, 10m, 10m];

    [Theory]
    [InlineData("120000", 1, "10000")]
    [InlineData("120000", 6, "60000")]
    [InlineData("120000", 12, "120000")]
    [InlineData("615000", 11, "563750")]
    [InlineData("100", 1, "8.3333")]
    [InlineData("100", 2, "16.6667")]
    // Exactly half a 0.0001: rounds away from zero, not down as plan × (1/12) at 28 digits would.
    [InlineData("0.0006", 1, "0.0001")]
    [InlineData("0", 7, "0")]
    public void Linear_IsPlanTimesMonthOverTwelve_RoundedToFourDecimals(string plan, int month, string expected)
    {
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture),
            PlannedToDate.Of(decimal.Parse(plan, CultureInfo.InvariantCulture), null, month));
    }

    [Theory]
    [InlineData(3, "0")]
    [InlineData(4, "10")]
    [InlineData(12, "90")]
    public void Profile_ThatAddsUpToThePlan_GivesItsOwnToDateSum(int month, string expected)
    {
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), PlannedToDate.Of(90m, SlowStart, month));
    }

    [Fact]
    public void Profile_ThatDisagreesWithThePlan_AppliesItsShareToThePlan()
    {
        // The profile says a third by April; the plan says 100: a third of 100, to 4 decimals.
        decimal[] profile = [10m, 10m, 10m, 10m, 10m, 10m, 10m, 10m, 10m, 10m, 10m, 10m];
        Assert.Equal(33.3333m, PlannedToDate.Of(100m, profile, 4));
    }

    [Fact]
    public void Profile_AllZero_PlansNothing()
    {
        Assert.Equal(0m, PlannedToDate.Of(500m, new decimal[12], 6));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(13)]
    public void MonthOutOfRange_Throws(int month)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PlannedToDate.Of(100m, null, month));
        Assert.Throws<ArgumentOutOfRangeException>(() => PlannedToDate.Of(100m, SlowStart, month));
    }

    [Fact]
    public void Profile_WithElevenMonths_Throws()
    {
        Assert.Throws<ArgumentException>(() => PlannedToDate.Of(100m, new decimal[11], 6));
    }

    [Theory]
    [InlineData("563750", "615000", "0.916667")]
    [InlineData("0", "10", "0")]
    public void ShareOf_IsPlannedToDateOverPlan(string plannedToDate, string plan, string expected)
    {
        var inv = CultureInfo.InvariantCulture;
        Assert.Equal(decimal.Parse(expected, inv), PlannedToDate.ShareOf(decimal.Parse(plannedToDate, inv), decimal.Parse(plan, inv)));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    public void ShareOf_NoPlan_IsNull(string plan)
    {
        Assert.Null(PlannedToDate.ShareOf(5m, decimal.Parse(plan, CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData(11, "0")]
    [InlineData(12, "60")]
    public void Profile_AllInDecember_ThatDisagreesWithThePlan_CountsDecemberOnlyInDecember(int month, string expected)
    {
        decimal[] allInDecember = [0m, 0m, 0m, 0m, 0m, 0m, 0m, 0m, 0m, 0m, 0m, 120m];
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), PlannedToDate.Of(60m, allInDecember, month));
    }

    [Fact]
    public void Profile_ExactlyHalfAYuan_RoundsAwayFromZero()
    {
        // 0.0006 × 1 ÷ 12 = 0.00005 exactly.
        decimal[] profile = [1m, 0m, 0m, 0m, 0m, 0m, 0m, 0m, 0m, 0m, 0m, 11m];
        Assert.Equal(0.0001m, PlannedToDate.Of(0.0006m, profile, 1));
    }

    [Fact]
    public void Profile_WithANegativeMonth_Throws()
    {
        decimal[] profile = [10m, 10m, 10m, 10m, 10m, 10m, 10m, 10m, 10m, 10m, 10m, -1m];
        Assert.Throws<ArgumentException>(() => PlannedToDate.Of(100m, profile, 3));
    }
}
