using Investment.Domain.Progress;

namespace Investment.Domain.Tests.Progress;

public sealed class LagTests
{
    public static TheoryData<decimal?, decimal?, decimal?> Lags => new()
    {
        { 0.5m, 0.5m, 0m },
        { 0.4m, 0.5m, -0.1m },
        { 1.036m, 1m, 0.036m },
        { 0m, 1m, -1m },
        { null, 0.5m, null },
        { 0.5m, null, null },
        { null, null, null },
    };

    [Theory]
    [MemberData(nameof(Lags))]
    public void Of_IsCompletionMinusTimeElapsed(decimal? completion, decimal? timeElapsed, decimal? expected)
    {
        Assert.Equal(expected, Lag.Of(completion, timeElapsed));
    }

    public static TheoryData<decimal?, LagStatus?> DefaultStatuses => new()
    {
        { 0.2m, LagStatus.Green },
        { 0m, LagStatus.Green },
        { -0.0499m, LagStatus.Green },
        { -0.05m, LagStatus.Green },
        { -0.0501m, LagStatus.Yellow },
        { -0.0999m, LagStatus.Yellow },
        { -0.10m, LagStatus.Yellow },
        { -0.1000m, LagStatus.Yellow },
        { -0.1001m, LagStatus.Red },
        { -1m, LagStatus.Red },
        { null, null },
    };

    [Theory]
    [MemberData(nameof(DefaultStatuses))]
    public void StatusOf_DefaultThresholds_AtThresholdIsNotBelowIt(decimal? lag, LagStatus? expected)
    {
        Assert.Equal(expected, Lag.StatusOf(lag, LagThresholds.Default));
    }

    public static TheoryData<decimal, decimal, decimal, LagStatus> CustomStatuses => new()
    {
        // Yellow and red at the same threshold: no yellow band.
        { -0.08m, -0.08m, -0.08m, LagStatus.Green },
        { -0.08m, -0.08m, -0.0801m, LagStatus.Red },
        // Any lag at all is yellow.
        { 0m, -0.2m, -0.0001m, LagStatus.Yellow },
        { 0m, -0.2m, 0m, LagStatus.Green },
        { 0m, -0.2m, -0.2001m, LagStatus.Red },
    };

    [Theory]
    [MemberData(nameof(CustomStatuses))]
    public void StatusOf_CustomThresholds(decimal yellowBelow, decimal redBelow, decimal lag, LagStatus expected)
    {
        Assert.Equal(expected, Lag.StatusOf(lag, new LagThresholds(yellowBelow, redBelow)));
    }

    [Fact]
    public void StatusOf_NullThresholds_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => Lag.StatusOf(0m, null!));
    }

    [Fact]
    public void Default_IsMinusFiveAndMinusTenPoints()
    {
        Assert.Equal(-0.05m, LagThresholds.Default.YellowBelow);
        Assert.Equal(-0.10m, LagThresholds.Default.RedBelow);
        Assert.Equal(LagThresholds.Default, new LagThresholds(-0.05m, -0.1m));
    }

    [Theory]
    [InlineData(0.01, -0.1)]
    [InlineData(-0.1, -0.05)]
    [InlineData(0.1, 0.2)]
    public void Thresholds_NotRedBelowYellowBelowZero_Throw(double yellowBelow, double redBelow)
    {
        var e = Assert.Throws<ArgumentException>(() => new LagThresholds((decimal)yellowBelow, (decimal)redBelow));
        Assert.Contains(yellowBelow > 0 ? "The yellow threshold must be 0 or negative" : "The red threshold must be at or below the yellow",
            e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InPoints_IsTheRatioTimesAHundred_Exactly()
    {
        Assert.Equal(36.4444m, Lag.InPoints(0.364444m));
        Assert.Equal(-80m, Lag.InPoints(-0.8m));
        Assert.Null(Lag.InPoints(null));
    }
}
