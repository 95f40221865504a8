using Investment.Domain.LandIssues;

namespace Investment.Domain.Tests.LandIssues;

public sealed class ResolutionRateTests
{
    public static TheoryData<int, int, decimal?> Rates => new()
    {
        { 193, 200, 0.965m },
        { 0, 10, 0m },
        { 10, 10, 1m },
        { 1, 4, 0.25m },
        { 0, 0, null },
    };

    [Theory]
    [MemberData(nameof(Rates))]
    public void Of_IsResolvedOverIdentified_NullWhenNoneIdentified(int resolved, int identified, decimal? expected)
    {
        Assert.Equal(expected, ResolutionRate.Of(resolved, identified));
    }

    // 柯诸高速诸暨段 193/200 → 96.5%; G235诸暨段 171/187 → 91.4%.
    [Theory]
    [InlineData(193, 200, "0.965")]
    [InlineData(171, 187, "0.914")]
    public void Of_RealFigures_RoundToThePublishedPercentages(int resolved, int identified, string expected)
    {
        var rate = ResolutionRate.Of(resolved, identified);

        Assert.NotNull(rate);
        Assert.Equal(
            decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            decimal.Round(rate.Value, 3, MidpointRounding.AwayFromZero));
    }

    [Theory]
    [InlineData(-1, 10)]
    [InlineData(0, -1)]
    [InlineData(11, 10)]
    [InlineData(1, 0)]
    public void Of_ImpossibleCounts_Throw(int resolved, int identified)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ResolutionRate.Of(resolved, identified));
    }
}
