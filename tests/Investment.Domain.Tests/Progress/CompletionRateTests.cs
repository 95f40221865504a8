using Investment.Domain.Progress;

namespace Investment.Domain.Tests.Progress;

public sealed class CompletionRateTests
{
    public static TheoryData<decimal, decimal, decimal?> Rates => new()
    {
        { 50m, 100m, 0.5m },
        { 0m, 100m, 0m },
        { 100m, 100m, 1m },
        { 150m, 100m, 1.5m },
        { -10m, 100m, -0.1m },
        { 0m, 0m, null },
        { 10m, 0m, null },
        { 10m, -100m, null },
        { 0.0001m, 0.0001m, 1m },
    };

    [Theory]
    [MemberData(nameof(Rates))]
    public void Of_IsActualOverPlan_NullWithoutAPositivePlan(decimal actual, decimal planned, decimal? expected)
    {
        Assert.Equal(expected, CompletionRate.Of(actual, planned));
    }

    // 诸暨 2023 key projects, Shaoxing comprehensive investment, and the effective-investment task (万元).
    public static TheoryData<decimal, decimal, decimal> RealFigures => new()
    {
        { 637_000m, 615_000m, 1.036m },
        { 333_000m, 308_000m, 1.081m },
        { 614_000m, 398_000m, 1.543m },
    };

    [Theory]
    [MemberData(nameof(RealFigures))]
    public void Of_RealFigures_RoundToThePublishedPercentages(decimal actual, decimal planned, decimal expected)
    {
        var rate = CompletionRate.Of(actual, planned);

        Assert.NotNull(rate);
        Assert.Equal(expected, decimal.Round(rate.Value, 3, MidpointRounding.AwayFromZero));
    }

    [Fact]
    public void Of_SameRatioInWanAndYi_IsEqual()
    {
        Assert.Equal(CompletionRate.Of(637_000m, 615_000m), CompletionRate.Of(63.7m, 61.5m));
    }

    [Fact]
    public void Of_IsNotRounded()
    {
        var rate = CompletionRate.Of(637_000m, 615_000m);

        Assert.NotEqual(1.036m, rate);
        Assert.InRange(rate!.Value, 1.0357m, 1.0358m);
    }
}
