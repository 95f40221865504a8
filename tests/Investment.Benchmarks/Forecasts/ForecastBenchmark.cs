using System.Globalization;
using Investment.Api.Data;
using Investment.Benchmarks.Synthetic;
using Investment.Domain.Forecasting;

namespace Investment.Benchmarks.Forecasts;

/// <summary>
/// Back-tests the year-end forecast (<see cref="ForecastBacktest"/>): on the generated counties for --year (their earlier
/// years as history), and on seed-data/ and seed-data-demo/ for their last year. Prints the forecast's plan-weighted
/// MAPE beside the naive baseline's (YTD ÷ last year's share by the month) and the 80% interval's observed coverage.
/// </summary>
internal static class ForecastBenchmark
{
    public static void Run(NationScale scale, ResultTable results)
    {
        var nation = Nation.Generate(scale, 1, 1);
        var counties = Generated(nation);
        var years = counties.Select(c => c.Year).Distinct().Count();
        Report(results, $"forecast back-test, generated {(scale.Seasonal ? "seasonal" : "default")} data, {scale.Year}",
            string.Create(CultureInfo.InvariantCulture, $"{counties.Count(c => c.Year == scale.Year)} counties, {years - 1} earlier years"),
            ForecastBacktest.Run(counties, scale.Year), strictlyBetter: scale.Seasonal && years > 2);

        var root = RepositoryRoot.Find() ?? Directory.GetCurrentDirectory();
        foreach (var name in new[] { "seed-data", "seed-data-demo" })
        {
            var seed = Seed(Path.Combine(root, name));
            var target = seed.Max(r => r.Year);
            Report(results, $"forecast back-test, {name}, {target}",
                string.Create(CultureInfo.InvariantCulture, $"{seed.Count(c => c.Year == target)} counties, {seed.Select(c => c.Year).Distinct().Count() - 1} earlier years"),
                ForecastBacktest.Run(seed, target), strictlyBetter: false);
        }
    }

    private static void Report(ResultTable results, string what, string data, BacktestResult r, bool strictlyBetter)
    {
        // + 0.0 turns a rounded −0.0 into 0.0.
        var margin = Math.Round((r.BaselineError - r.ForecastError) * 100, 1) + 0.0;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"forecast MAPE {r.ForecastError:P1}, baseline {r.BaselineError:P1} (forecast lower by {margin:F1} points), 80% interval covers {r.Coverage:P0} of {r.Forecasts} forecasts; {data}");
        Console.WriteLine($"  {what}: {line}");
        // On data with one earlier year the forecast divides by that year's shares, as the baseline does: equal, not better.
        var ok = strictlyBetter ? r.ForecastError < r.BaselineError : r.ForecastError <= r.BaselineError + 1e-9;
        results.Value(what, line, ok, strictlyBetter ? "forecast < baseline" : "forecast ≤ baseline");
    }

    /// <summary>Each county's years: the sums of its sections' approved months, and its plans (a profile only if all have one).</summary>
    private static List<RegionYear> Generated(Nation nation)
    {
        var months = new Dictionary<(string County, int Year), decimal[]>();
        var plans = new Dictionary<(string County, int Year), (decimal Plan, decimal[]? Profile)>();
        foreach (var section in nation.Sections)
        {
            foreach (var report in nation.ReportsOf(section))
            {
                Slot(months, (section.RegionCode, report.Year))[report.Month - 1] += report.MonthActual;
            }
            foreach (var plan in section.Plans)
            {
                var key = (section.RegionCode, plan.Year);
                var (sum, profile) = plans.GetValueOrDefault(key, (0m, new decimal[12]));
                if (profile is not null && plan.ProfileUnits is { } units)
                {
                    for (var m = 0; m < 12; m++)
                    {
                        profile[m] += decimal.FromOACurrency(units[m]);
                    }
                }
                plans[key] = (sum + decimal.FromOACurrency(plan.Units), plan.ProfileUnits is null ? null : profile);
            }
        }
        return [.. months.Select(m =>
        {
            var (plan, profile) = plans.GetValueOrDefault(m.Key, (0m, null));
            return new RegionYear(m.Key.County, m.Key.Year, plan, m.Value, profile);
        })];
    }

    /// <summary>A seed directory's approved months and plans by county and year (the seed's plans have no profiles).</summary>
    private static List<RegionYear> Seed(string directory)
    {
        var months = new Dictionary<(string County, int Year), decimal[]>();
        foreach (var f in Rows(Path.Combine(directory, "monthly_reports.csv")))
        {
            // project_code, region_code, period (yyyy-MM), month_actual: plain fields before any quoted one.
            var (year, month) = (int.Parse(f[2][..4], CultureInfo.InvariantCulture), int.Parse(f[2][5..7], CultureInfo.InvariantCulture));
            Slot(months, (f[1], year))[month - 1] += decimal.Parse(f[3], CultureInfo.InvariantCulture);
        }
        var plans = Rows(Path.Combine(directory, "annual_plans.csv"))
            .GroupBy(f => (County: f[1], Year: int.Parse(f[2], CultureInfo.InvariantCulture)))
            .ToDictionary(g => g.Key, g => g.Sum(f => decimal.Parse(f[3], CultureInfo.InvariantCulture)));
        return [.. months.Select(m => new RegionYear(m.Key.County, m.Key.Year, plans.GetValueOrDefault(m.Key), m.Value))];
    }

    private static IEnumerable<string[]> Rows(string path) =>
        File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',', 5));

    private static decimal[] Slot(Dictionary<(string, int), decimal[]> months, (string, int) key)
    {
        if (!months.TryGetValue(key, out var slot))
        {
            months[key] = slot = new decimal[12];
        }
        return slot;
    }
}
