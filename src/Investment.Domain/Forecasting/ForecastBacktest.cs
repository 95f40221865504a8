namespace Investment.Domain.Forecasting;

/// <summary>One region's year: its plan (the weight of its errors), its twelve monthly actuals and its plan profile if any.</summary>
public sealed record RegionYear(string Region, int Year, decimal Plan, IReadOnlyList<decimal> Months, IReadOnlyList<decimal>? PlanProfile = null);

/// <summary>
/// What the back-test found: plan-weighted mean absolute percentage errors of the year-end forecast and of the naive
/// baseline, over every region and every forecast month 1..11, and the share of actual year ends inside the 80% interval.
/// </summary>
public sealed record BacktestResult(double ForecastError, double BaselineError, double Coverage, int Forecasts);

/// <summary>
/// Replays a finished year month by month: the forecast made at the end of each of months 1..11 from the months
/// reported so far and the earlier years, against what the year ended at. The naive baseline is the year to date scaled
/// by last year's share of the year done by the same month.
/// </summary>
public static class ForecastBacktest
{
    /// <summary>Earlier years the seasonality is made from: three, the most recent.</summary>
    public const int HistoryYears = 3;

    public static BacktestResult Run(IReadOnlyCollection<RegionYear> data, int targetYear)
    {
        ArgumentNullException.ThrowIfNull(data);
        var byRegion = data.GroupBy(d => d.Region, StringComparer.Ordinal)
            .Select(g => (Target: g.SingleOrDefault(y => y.Year == targetYear), History: HistoryOf(g, targetYear)))
            .Where(r => r.Target is not null && r.Target.Months.Sum() != 0 && r.History.Count > 0)
            .ToList();
        var profiles = byRegion.Select(r => Seasonality.FromYears(r.History.Select(h => h.Months))).ToList();
        var pooled = Seasonality.PooledSpread(profiles.OfType<Seasonality>());

        double forecastError = 0, baselineError = 0, weights = 0;
        int inside = 0, count = 0;
        for (var i = 0; i < byRegion.Count; i++)
        {
            var (target, history) = byRegion[i];
            var seasonality = profiles[i] is { } own && pooled is not null ? own.WithSpread(pooled) : profiles[i];
            var lastYear = history[^1].Year == targetYear - 1 ? Seasonality.FromYears([history[^1].Months]) : null;
            var actual = target!.Months.Sum();
            var weight = (double)Math.Max(target.Plan, 0);
            decimal ytd = 0;
            for (var month = 1; month < Seasonality.MonthsInYear; month++)
            {
                ytd += target.Months[month - 1];
                var forecast = YearEndForecast.Of(ytd, month, target.PlanProfile, seasonality);
                var lastShare = lastYear?.CumulativeShare[month - 1] is { } s && s > 0 ? s : month / (decimal)Seasonality.MonthsInYear;
                var baseline = ytd / lastShare;
                forecastError += weight * AbsolutePercentageError(forecast.YearEnd, actual);
                baselineError += weight * AbsolutePercentageError(baseline, actual);
                weights += weight;
                inside += forecast.Low <= actual && actual <= forecast.High ? 1 : 0;
                count++;
            }
        }
        return weights == 0
            ? new BacktestResult(double.NaN, double.NaN, count == 0 ? double.NaN : (double)inside / count, count)
            : new BacktestResult(forecastError / weights, baselineError / weights, (double)inside / count, count);
    }

    private static List<RegionYear> HistoryOf(IEnumerable<RegionYear> years, int targetYear) =>
        years.Where(y => y.Year < targetYear).OrderBy(y => y.Year).TakeLast(HistoryYears).ToList();

    private static double AbsolutePercentageError(decimal forecast, decimal actual) =>
        (double)Math.Abs((forecast - actual) / actual);
}
