namespace Investment.Domain.Forecasting;

/// <summary>
/// A region's own rhythm of the year (slow around the Spring Festival and in the rainy season, a rush at year end):
/// the share of a year's actual investment done by the end of each month, averaged over earlier years, and how much
/// that share has varied from year to year, which is what the forecast's interval is made of.
/// </summary>
/// <param name="CumulativeShare">For months 1..12, the average share of the year done by the month's end (the 12th is 1).</param>
/// <param name="LogSpread">
/// For months 1..12, the standard deviation across the years of ln(that year's share ÷ the average share): the relative
/// error of a forecast that divides the year to date by the average share. 0 at month 12.
/// </param>
/// <param name="Years">How many earlier years the profile was made from.</param>
public sealed record Seasonality(IReadOnlyList<decimal> CumulativeShare, IReadOnlyList<double> LogSpread, int Years)
{
    public const int MonthsInYear = 12;

    /// <summary>
    /// The spread assumed where fewer than two years say how much the share varies: about a third of the year's outcome
    /// is still uncertain after January, shrinking to nothing at December. Wide on purpose, so an interval from no
    /// history does not promise more than it knows.
    /// </summary>
    public static double AssumedSpread(int month) => 0.35 * (MonthsInYear - month) / (MonthsInYear - 1);

    /// <summary>
    /// The profile of the years given, each as its twelve monthly actuals (January first). Years whose total is not
    /// positive say nothing about shares and are left out; <c>null</c> when none is left.
    /// </summary>
    public static Seasonality? FromYears(IEnumerable<IReadOnlyList<decimal>> years)
    {
        ArgumentNullException.ThrowIfNull(years);
        var shares = new List<decimal[]>();
        foreach (var year in years)
        {
            if (year.Count != MonthsInYear)
            {
                throw new ArgumentException($"A year has {MonthsInYear} monthly amounts; one has {year.Count}.", nameof(years));
            }
            var total = year.Sum();
            if (total <= 0)
            {
                continue;
            }
            var cumulative = new decimal[MonthsInYear];
            decimal running = 0;
            for (var m = 0; m < MonthsInYear; m++)
            {
                running += year[m];
                // A refund month can take a cumulative share below 0 or above 1 for a while; clamp so no share is absurd.
                cumulative[m] = Math.Clamp(running / total, 0m, 1m);
            }
            shares.Add(cumulative);
        }
        if (shares.Count == 0)
        {
            return null;
        }

        var average = new decimal[MonthsInYear];
        var spread = new double[MonthsInYear];
        for (var m = 0; m < MonthsInYear; m++)
        {
            average[m] = shares.Average(s => s[m]);
            spread[m] = shares.Count < 2 || m == MonthsInYear - 1
                ? (m == MonthsInYear - 1 ? 0 : AssumedSpread(m + 1))
                : StandardDeviationOfLogRatio(shares.Select(s => s[m]), average[m]) ?? AssumedSpread(m + 1);
        }
        average[MonthsInYear - 1] = 1m;
        return new Seasonality(average, spread, shares.Count);
    }

    /// <summary>
    /// The spread pooled over several regions' profiles (their log variances weighted by degrees of freedom), month by
    /// month: one region's two or three years say little about how much a share varies, a city's counties together say
    /// more. Profiles from fewer than two years carry no weight.
    /// </summary>
    public static IReadOnlyList<double>? PooledSpread(IEnumerable<Seasonality> profiles)
    {
        var usable = profiles.Where(p => p.Years >= 2).ToList();
        if (usable.Count == 0)
        {
            return null;
        }
        var degrees = usable.Sum(p => p.Years - 1);
        return Enumerable.Range(0, MonthsInYear)
            .Select(m => Math.Sqrt(usable.Sum(p => (p.Years - 1) * p.LogSpread[m] * p.LogSpread[m]) / degrees))
            .ToList();
    }

    /// <summary>This profile with another spread (a pooled one), keeping its own shares.</summary>
    public Seasonality WithSpread(IReadOnlyList<double> spread) => this with { LogSpread = spread };

    private static double? StandardDeviationOfLogRatio(IEnumerable<decimal> shares, decimal average)
    {
        if (average <= 0)
        {
            return null;
        }
        // A year with nothing done by the month gives ln 0; a small floor keeps it a large but finite deviation.
        var logs = shares.Select(s => Math.Log(Math.Max((double)s, 0.001) / (double)average)).ToList();
        var mean = logs.Average();
        return Math.Sqrt(logs.Sum(l => (l - mean) * (l - mean)) / (logs.Count - 1));
    }
}
