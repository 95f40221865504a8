using Investment.Domain.Forecasting;

namespace Investment.Domain.Tests.Forecasting;

public sealed class YearEndForecastTests
{
    private static readonly decimal[] Flat = Enumerable.Repeat(100m, 12).ToArray();

    // Slow Jan-Feb (Spring Festival), slow Jun-Jul (rainy season), a rush in Nov-Dec: 1,200 in all.
    private static readonly decimal[] Seasonal = [40m, 30m, 90m, 110m, 110m, 70m, 70m, 110m, 120m, 130m, 150m, 170m];

    [Fact]
    public void WithoutProfileOrHistory_TheYearToDateIsScaledLinearly_WithTheAssumedWideInterval()
    {
        var forecast = YearEndForecast.Of(600m, 6, null, null);

        Assert.Equal(1_200m, forecast.YearEnd);
        Assert.Equal(ForecastBasis.Linear, forecast.Basis);
        var factor = Math.Exp(YearEndForecast.Z80 * Seasonality.AssumedSpread(6));
        Assert.Equal(Money.ToYuan(1_200m * (decimal)factor), forecast.High);
        Assert.Equal(Money.ToYuan(1_200m / (decimal)factor), forecast.Low);
        Assert.True(forecast.Low < 1_200m && forecast.High > 1_200m);
    }

    [Fact]
    public void December_IsTheYearAsReported()
    {
        var forecast = YearEndForecast.Of(1_234.5678m, 12, null, null);
        Assert.Equal(new YearEndForecast(1_234.5678m, 1_234.5678m, 1_234.5678m, ForecastBasis.Reported), forecast);
    }

    [Fact]
    public void APlanProfile_ComesBeforeTheRegionsHistory()
    {
        // The profile puts a quarter of the year in January-March.
        decimal[] profile = [100m, 100m, 100m, 300m, 300m, 300m, 0m, 0m, 0m, 0m, 0m, 0m];
        var history = Seasonality.FromYears([Seasonal, Seasonal])!;

        var forecast = YearEndForecast.Of(300m, 3, profile, history);

        Assert.Equal(ForecastBasis.PlanProfile, forecast.Basis);
        Assert.Equal(1_200m, forecast.YearEnd);
    }

    [Fact]
    public void TheRegionsHistory_IsUsedWithoutAProfile()
    {
        var history = Seasonality.FromYears([Seasonal, Seasonal])!;

        // Two years alike: by February 70 of 1,200 was done, so 35 by February means 600 by December.
        var forecast = YearEndForecast.Of(35m, 2, null, history);

        Assert.Equal(ForecastBasis.Seasonal, forecast.Basis);
        Assert.Equal(600m, forecast.YearEnd);
        Assert.Equal(600m, forecast.Low); // identical years: no spread
        Assert.Equal(600m, forecast.High);
    }

    [Fact]
    public void AShareTooSmallToDivideBy_FallsBackToTheNextBasis()
    {
        decimal[] lateProfile = [1m, 0m, 0m, 0m, 0m, 0m, 0m, 0m, 0m, 0m, 0m, 99m];
        var forecast = YearEndForecast.Of(5m, 1, lateProfile, null);

        Assert.Equal(ForecastBasis.Linear, forecast.Basis);
        Assert.Equal(60m, forecast.YearEnd);
    }

    [Fact]
    public void ARefundYearToDate_KeepsLowBelowHigh()
    {
        var forecast = YearEndForecast.Of(-60m, 6, null, null);
        Assert.Equal(-120m, forecast.YearEnd);
        Assert.True(forecast.Low < forecast.YearEnd && forecast.YearEnd < forecast.High);
    }

    [Theory]
    [InlineData(1_000, "Met")]
    [InlineData(1_200, "AtRisk")]
    [InlineData(5_000, "Missed")]
    public void TheOutlook_JudgesATargetOnTheInterval(int target, string expected)
    {
        var forecast = new YearEndForecast(1_200m, 1_100m, 1_300m, ForecastBasis.Seasonal);
        Assert.Equal(Enum.Parse<PlanOutlook>(expected), forecast.OutlookFor(target));
        Assert.Equal(target - 1_200m, forecast.ShortfallOf(target));
    }

    [Fact]
    public void WithoutATarget_ThereIsNoOutlook()
    {
        var forecast = new YearEndForecast(1_200m, 1_100m, 1_300m, ForecastBasis.Seasonal);
        Assert.Null(forecast.OutlookFor(null));
        Assert.Null(forecast.OutlookFor(0m));
        Assert.Null(forecast.ShortfallOf(null));
    }
}

public sealed class SeasonalityTests
{
    [Fact]
    public void Shares_AreTheAverageCumulativeShares_EndingAtOne()
    {
        decimal[] a = [100m, 100m, 100m, 100m, 100m, 100m, 100m, 100m, 100m, 100m, 100m, 100m];
        decimal[] b = [0m, 0m, 0m, 0m, 0m, 0m, 200m, 200m, 200m, 200m, 200m, 200m];

        var profile = Seasonality.FromYears([a, b])!;

        Assert.Equal(2, profile.Years);
        Assert.Equal(0.25m, profile.CumulativeShare[5]); // (0.5 + 0) / 2
        Assert.Equal(1m, profile.CumulativeShare[11]);
        Assert.Equal(0d, profile.LogSpread[11]);
        Assert.True(profile.LogSpread[5] > 1); // half the year done in one year, nothing in the other: a wide spread
    }

    [Fact]
    public void OneYear_GivesItsShares_AndTheAssumedSpread()
    {
        var profile = Seasonality.FromYears([Enumerable.Repeat(10m, 12).ToArray()])!;
        Assert.Equal(0.5m, profile.CumulativeShare[5]);
        Assert.Equal(Seasonality.AssumedSpread(6), profile.LogSpread[5]);
    }

    [Fact]
    public void YearsWithNothingDone_AreLeftOut()
    {
        Assert.Null(Seasonality.FromYears([new decimal[12]]));
        Assert.Throws<ArgumentException>(() => Seasonality.FromYears([new decimal[11]]));
    }

    [Fact]
    public void PooledSpread_WeighsProfilesByTheirYears_AndIgnoresSingleYears()
    {
        var two = new Seasonality(Enumerable.Repeat(0.5m, 12).ToArray(), Enumerable.Repeat(0.2, 12).ToArray(), 2);
        var three = new Seasonality(Enumerable.Repeat(0.5m, 12).ToArray(), Enumerable.Repeat(0.5, 12).ToArray(), 3);
        var one = new Seasonality(Enumerable.Repeat(0.5m, 12).ToArray(), Enumerable.Repeat(9.0, 12).ToArray(), 1);

        var pooled = Seasonality.PooledSpread([two, three, one])!;

        Assert.Equal(Math.Sqrt(((1 * 0.04) + (2 * 0.25)) / 3), pooled[0], 12);
        Assert.Null(Seasonality.PooledSpread([one]));
    }
}

public sealed class ForecastBacktestTests
{
    // A county's rhythm that no plan profile states: slow at the Spring Festival and in the rainy season, a year-end rush.
    private static readonly double[] Pattern = [0.04, 0.03, 0.07, 0.09, 0.09, 0.06, 0.06, 0.09, 0.10, 0.11, 0.12, 0.14];

    private static List<RegionYear> SeasonalYears(int regions, int seed)
    {
        var random = new Random(seed);
        var data = new List<RegionYear>();
        for (var r = 0; r < regions; r++)
        {
            var scale = 10_000 + random.Next(90_000);
            for (var year = 2020; year <= 2023; year++)
            {
                var total = scale * (0.8 + (0.4 * random.NextDouble()));
                // Each month's share varies by ±35% around the pattern, renormalised: no two years alike.
                var weights = Pattern.Select(p => p * (0.65 + (0.7 * random.NextDouble()))).ToArray();
                var sum = weights.Sum();
                var months = weights.Select(w => Money.ToYuan((decimal)(total * w / sum))).ToArray();
                data.Add(new RegionYear($"R{r}", year, Money.ToYuan((decimal)scale), months));
            }
        }
        return data;
    }

    [Fact]
    public void OnSeasonalYears_TheForecastBeatsTheNaiveBaseline_AndItsIntervalCoversAboutFourInFive()
    {
        var result = ForecastBacktest.Run(SeasonalYears(60, seed: 7), 2023);

        Assert.Equal(60 * 11, result.Forecasts);
        // Averaging three years takes out the noise of last year alone.
        Assert.True(result.ForecastError < 0.85 * result.BaselineError,
            $"forecast {result.ForecastError:P1} against baseline {result.BaselineError:P1}");
        Assert.InRange(result.Coverage, 0.7, 0.92);
    }

    [Fact]
    public void WithOneEarlierYear_TheForecastIsTheBaseline()
    {
        var data = SeasonalYears(20, seed: 3).Where(d => d.Year >= 2022).ToList();
        var result = ForecastBacktest.Run(data, 2023);
        Assert.Equal(result.BaselineError, result.ForecastError, 9);
    }

    [Fact]
    public void RegionsWithoutHistory_AreNotBacktested()
    {
        var result = ForecastBacktest.Run([new RegionYear("R", 2023, 100m, Enumerable.Repeat(10m, 12).ToArray())], 2023);
        Assert.Equal(0, result.Forecasts);
    }
}
