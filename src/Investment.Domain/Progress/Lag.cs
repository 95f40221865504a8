namespace Investment.Domain.Progress;

/// <summary>
/// Lag (进度差): completion rate minus time-elapsed progress, in ratio units. −0.10 means 10 percentage points
/// behind where the year's plan should be; positive means ahead.
/// </summary>
public static class Lag
{
    /// <summary>
    /// Completion rate − time-elapsed progress (both ratios), rounded as every rate is (<see cref="Rate"/>): the
    /// difference of two rounded rates is already exact, so the lag shown is the difference of the two rates shown.
    /// </summary>
    /// <returns>The lag; <c>null</c> when either input is <c>null</c> (no plan, so nothing to lag behind).</returns>
    public static decimal? Of(decimal? completionRate, decimal? timeElapsed) => Rate.Round(completionRate - timeElapsed);

    /// <summary>
    /// The lag in percentage points (百分点), as tables print it: −0.25 → −25. Exact: a rate has six decimals, so its
    /// points have four and nothing is rounded here.
    /// </summary>
    /// <returns>The lag × 100; <c>null</c> with it.</returns>
    public static decimal? InPoints(decimal? lag) => lag * 100m;

    /// <summary>
    /// The traffic light for <paramref name="lag"/>: below <see cref="LagThresholds.RedBelow"/> → red; else below
    /// <see cref="LagThresholds.YellowBelow"/> → yellow; else green. A lag exactly at a threshold is not below it
    /// (with the defaults, −0.10 is yellow and −0.05 is green). Judged on the value as given, which
    /// <see cref="Of"/> has rounded, so the colour agrees with the number answered.
    /// </summary>
    /// <param name="lag">The lag as a ratio, or <c>null</c>.</param>
    /// <param name="thresholds">The thresholds in force (e.g. <see cref="LagThresholds.Default"/>).</param>
    /// <returns>The status; <c>null</c> when <paramref name="lag"/> is <c>null</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="thresholds"/> is <c>null</c>.</exception>
    public static LagStatus? StatusOf(decimal? lag, LagThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        return lag switch
        {
            null => null,
            var l when l < thresholds.RedBelow => LagStatus.Red,
            var l when l < thresholds.YellowBelow => LagStatus.Yellow,
            _ => LagStatus.Green,
        };
    }
}
