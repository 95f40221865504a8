namespace Investment.Domain.Forecasting;

/// <summary>What the expected share of the year done by the month was read from.</summary>
public enum ForecastBasis
{
    /// <summary>December reported: the year is known.</summary>
    Reported,

    /// <summary>The plan's own month-by-month profile.</summary>
    PlanProfile,

    /// <summary>The region's rhythm of earlier years (<see cref="Seasonality"/>).</summary>
    Seasonal,

    /// <summary>No profile and no history: an even twelfth a month.</summary>
    Linear,
}

/// <summary>Whether the year's plan (or assessed task) will be met, judged on the forecast's 80% interval.</summary>
public enum PlanOutlook
{
    /// <summary>Even the interval's low end reaches the plan.</summary>
    Met,

    /// <summary>The plan lies inside the interval: it may or may not be met.</summary>
    AtRisk,

    /// <summary>Even the interval's high end falls short.</summary>
    Missed,
}

/// <summary>
/// The year-end actual forecast at a month (预计全年完成), in 万元, with its 80% interval: the year to date divided by the
/// share of the year expected done by then. The interval is the forecast times e^(±1.2816·σ), σ being how much that
/// share varied between earlier years (<see cref="Seasonality.LogSpread"/>).
/// </summary>
public sealed record YearEndForecast(decimal YearEnd, decimal Low, decimal High, ForecastBasis Basis)
{
    /// <summary>
    /// The smallest expected share a forecast divides by: below it (a plan profile that puts 1% in January) the year to
    /// date says too little, and a few yuan would become a forecast of millions, so the next basis is used.
    /// </summary>
    public const decimal MinShare = 0.02m;

    /// <summary>The standard normal quantile of 90%: a central 80% interval.</summary>
    public const double Z80 = 1.2815515655446004;

    /// <summary>
    /// The forecast for a section, project or region at the end of <paramref name="month"/>.
    /// </summary>
    /// <param name="ytd">Actual January through <paramref name="month"/> (万元).</param>
    /// <param name="month">The last month reported, 1..12.</param>
    /// <param name="planProfile">The plan's twelve monthly amounts when it has a profile; <c>null</c> otherwise.</param>
    /// <param name="seasonality">The region's rhythm from earlier years; <c>null</c> when it has no history.</param>
    /// <remarks>
    /// Precedence: a plan's own profile says what this section or project intends; without one, the region's history
    /// says how its years go; without either, linear. A basis whose share is 0 by the month (nothing planned yet, a year
    /// that always started late) cannot divide, so the next one is used (<see cref="MinShare"/>).
    /// </remarks>
    public static YearEndForecast Of(decimal ytd, int month, IReadOnlyList<decimal>? planProfile, Seasonality? seasonality)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, Seasonality.MonthsInYear);
        return OfPlannedShare(ytd, month, PlannedShare(planProfile, month), seasonality);
    }

    /// <summary>
    /// The forecast where the plan's profile is known only as the share of the year planned by <paramref name="month"/>
    /// (planned to date ÷ the year's plan): a group of sections, whose profiles add up, or a roll-up row, which stores
    /// sums. <c>null</c>: no profile.
    /// </summary>
    public static YearEndForecast OfPlannedShare(decimal ytd, int month, decimal? plannedShare, Seasonality? seasonality)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, Seasonality.MonthsInYear);
        if (month == Seasonality.MonthsInYear)
        {
            return new YearEndForecast(ytd, ytd, ytd, ForecastBasis.Reported);
        }

        var spread = seasonality?.LogSpread[month - 1] ?? Seasonality.AssumedSpread(month);
        var (share, basis) = ExpectedShare(month, plannedShare, seasonality);
        var yearEnd = Money.ToYuan(ytd / share);
        var factor = Math.Exp(Z80 * spread);
        // A negative year to date (refunds) has its interval the other way round.
        var (low, high) = (Money.ToYuan(yearEnd / (decimal)factor), Money.ToYuan(yearEnd * (decimal)factor));
        return yearEnd >= 0 ? new YearEndForecast(yearEnd, low, high, basis) : new YearEndForecast(yearEnd, high, low, basis);
    }

    /// <summary>Met, at risk or missed for a target (the plan or the assessed task); <c>null</c> when there is no target.</summary>
    public PlanOutlook? OutlookFor(decimal? target) =>
        target is not { } t || t <= 0 ? null
        : Low >= t ? PlanOutlook.Met
        : High < t ? PlanOutlook.Missed
        : PlanOutlook.AtRisk;

    /// <summary>By how much the forecast falls short of a target (万元, positive = short), <c>null</c> without a target.</summary>
    public decimal? ShortfallOf(decimal? target) => target is { } t && t > 0 ? t - YearEnd : null;

    private static decimal? PlannedShare(IReadOnlyList<decimal>? planProfile, int month)
    {
        if (planProfile is null)
        {
            return null;
        }
        Progress.TimeElapsedProgress.FromProfile(planProfile, month); // checks the profile's shape
        var annual = planProfile.Sum();
        return annual > 0 ? planProfile.Take(month).Sum() / annual : null;
    }

    private static (decimal Share, ForecastBasis Basis) ExpectedShare(int month, decimal? plannedShare, Seasonality? seasonality)
    {
        // Shares divided by are exact fractions, not the 6-decimal rates shown as 序时进度: 5 ÷ 0.083333 would be 60.0002.
        if (plannedShare is { } planned && planned >= MinShare)
        {
            return (planned, ForecastBasis.PlanProfile);
        }
        if (seasonality is not null && seasonality.CumulativeShare[month - 1] is var seasonal && seasonal >= MinShare)
        {
            return (seasonal, ForecastBasis.Seasonal);
        }
        return (month / (decimal)Seasonality.MonthsInYear, ForecastBasis.Linear);
    }
}
