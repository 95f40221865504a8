using Investment.Domain.Progress;

namespace Investment.Domain.Tests;

/// <summary>Figures from DESIGN.md that the roll-ups and exports must reproduce, checked at the rule level.</summary>
public sealed class RealFiguresTests
{
    // 温岭 2023: comprehensive 43.68亿 of which rail 8.38亿 (S1 line 1.78 + 温玉铁路 6.6).
    [Fact]
    public void WenlingRailShare_Is19Point2Percent_NotThe19Point4InTheDocument()
    {
        var rail = Money.YiToWan(1.78m) + Money.YiToWan(6.6m);
        var share = CompletionRate.Of(rail, Money.YiToWan(43.68m));

        Assert.Equal(83_800m, rail);
        Assert.NotNull(share);
        Assert.Equal(0.192m, decimal.Round(share.Value, 3, MidpointRounding.AwayFromZero));
        Assert.NotEqual(0.194m, decimal.Round(share.Value, 3, MidpointRounding.AwayFromZero));
    }

    // 温岭 2023 road 34.78亿 = 19.27 + 4.34 + 4.65 + 0.4 + 2.97 + 3.15; rail + road leaves 0.52亿 in no named mode.
    [Fact]
    public void WenlingModes_LeaveFiftyTwoMillionUnassigned()
    {
        decimal[] road = [19.27m, 4.34m, 4.65m, 0.4m, 2.97m, 3.15m];
        var rail = 1.78m + 6.6m;

        Assert.Equal(34.78m, road.Sum());
        Assert.Equal(0.52m, 43.68m - rail - road.Sum());
    }

    // 诸暨 2023 key projects 63.7 of 61.5亿 in July: 103.6% done against a linear 58.3% → far ahead, green.
    // The lag is the difference of the two rates to 6 decimals (1.035772 − 0.583333 = 0.452439 → 45.2 points), not of
    // the percentages shown to one decimal (103.6 − 58.3).
    [Fact]
    public void ZhujiKeyProjects_AheadOfSchedule_IsGreen()
    {
        var completion = CompletionRate.Of(637_000m, 615_000m);
        var lag = Lag.Of(completion, TimeElapsedProgress.Linear(7));

        Assert.Equal(1.035772m, completion);
        Assert.Equal(0.452439m, lag);
        Assert.Equal(LagStatus.Green, Lag.StatusOf(lag, LagThresholds.Default));
    }
}
