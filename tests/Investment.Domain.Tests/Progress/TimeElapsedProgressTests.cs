using Investment.Domain.Progress;

namespace Investment.Domain.Tests.Progress;

public sealed class TimeElapsedProgressTests
{
    private static readonly decimal[] Flat = [10m, 10m, 10m, 10m, 10m, 10m, 10m, 10m, 10m, 10m, 10m, 10m];

    // Nothing planned in the first quarter, then 10 a month.
    private static readonly decimal[] SlowStart = [0m, 0m, 0m, 10m, 10m, 10m, 10m, 10m, 10m, 10m, 10m, 10m];

    // Everything planned for December.
    private static readonly decimal[] AllInDecember = [0m, 0m, 0m, 0m, 0m, 0m, 0m, 0m, 0m, 0m, 0m, 120m];

    private static readonly decimal[] Zeros = new decimal[12];

    [Theory]
    [InlineData(1, "0.083333")]
    [InlineData(3, "0.25")]
    [InlineData(6, "0.5")]
    [InlineData(8, "0.666667")]
    [InlineData(12, "1")]
    public void Linear_IsMonthOverTwelve_ToSixDecimals(int month, string expected)
    {
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), TimeElapsedProgress.Linear(month));
    }

    [Fact]
    public void Linear_EndpointsAndMidYear_AreExact()
    {
        Assert.Equal(0.5m, TimeElapsedProgress.Linear(6));
        Assert.Equal(1m, TimeElapsedProgress.Linear(12));
        Assert.Equal(0.083m, decimal.Round(TimeElapsedProgress.Linear(1), 3, MidpointRounding.AwayFromZero));
        Assert.Equal(0.583m, decimal.Round(TimeElapsedProgress.Linear(7), 3, MidpointRounding.AwayFromZero));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(13)]
    [InlineData(-1)]
    public void Linear_MonthOutOfRange_Throws(int month)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TimeElapsedProgress.Linear(month));
    }

    public static TheoryData<decimal[], int, decimal?> Profiles => new()
    {
        { Flat, 1, 0.083333m },
        { Flat, 6, 0.5m },
        { Flat, 12, 1m },
        { SlowStart, 1, 0m },
        { SlowStart, 3, 0m },
        { SlowStart, 4, 0.111111m },
        { SlowStart, 5, 0.222222m },
        { SlowStart, 12, 1m },
        { AllInDecember, 11, 0m },
        { AllInDecember, 12, 1m },
        { Zeros, 6, null },
        { Zeros, 12, null },
    };

    [Theory]
    [MemberData(nameof(Profiles))]
    public void FromProfile_IsCumulativePlanOverAnnualPlan(decimal[] profile, int month, decimal? expected)
    {
        Assert.Equal(expected, TimeElapsedProgress.FromProfile(profile, month));
    }

    [Fact]
    public void FromProfile_FlatProfile_MatchesLinear()
    {
        for (var month = 1; month <= 12; month++)
        {
            Assert.Equal(TimeElapsedProgress.Linear(month), TimeElapsedProgress.FromProfile(Flat, month));
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(13)]
    [InlineData(0)]
    public void FromProfile_NotTwelveEntries_Throws(int count)
    {
        var profile = Enumerable.Repeat(1m, count).ToArray();

        var e = Assert.Throws<ArgumentException>(() => TimeElapsedProgress.FromProfile(profile, 1));
        Assert.StartsWith($"A monthly plan has 12 entries, January first; this one has {count}.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromProfile_NegativeEntry_Throws()
    {
        var profile = (decimal[])Flat.Clone();
        profile[11] = -1m;

        var e = Assert.Throws<ArgumentException>(() => TimeElapsedProgress.FromProfile(profile, 1));
        Assert.StartsWith("Month 12 of the plan is negative.", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(13)]
    public void FromProfile_MonthOutOfRange_Throws(int month)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TimeElapsedProgress.FromProfile(Flat, month));
    }

    [Fact]
    public void FromProfile_NullProfile_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => TimeElapsedProgress.FromProfile(null!, 1));
    }
}
