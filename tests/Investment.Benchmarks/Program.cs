using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Investment.Benchmarks.Dashboard;
using Investment.Benchmarks.Exports;
using Investment.Benchmarks.Imports;
using Investment.Benchmarks.Forecasts;
using Investment.Benchmarks.Jobs;
using Investment.Benchmarks.Rollups;
using Investment.Benchmarks.Synthetic;
using Investment.Domain;

namespace Investment.Benchmarks;

/// <summary>
/// Entry point. A named class rather than top-level statements: those would declare a global <c>Program</c> that
/// hides the API's, which the endpoint timing hands to WebApplicationFactory.
/// </summary>
internal static class BenchmarkProgram
{
    public static async Task<int> Main(string[] args)
    {
        // A console program, not a test: it prints timings and ratios against baselines measured in the same run, and exits 0
        // even when a target is missed (it is a report; the MISSED lines say so).
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(e.Message + Environment.NewLine + Environment.NewLine + BenchOptions.Usage);
            return 2;
        }
        if (options.Help)
        {
            Console.WriteLine(BenchOptions.Usage);
            return 0;
        }
        if (options.MeasureExportMemory is not null)
        {
            return MemoryProbe.RunChild(options);
        }
        if (options.MeasureList is not null)
        {
            return ListThreshold.RunChild(options);
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        var ct = cancel.Token;
        var scale = options.Scale;
        var total = Stopwatch.StartNew();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Investment benchmarks — {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription} ({(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC), {RuntimeInformation.OSDescription}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Scale: {scale.Counties:N0} counties × {scale.SectionsPerCounty} sections × {scale.Months} months (to {scale.Year}-12){(scale.Seasonal ? ", seasonal" : "")}, seed {scale.Seed}; " +
            $"{options.Runs} timed runs per measurement after a warm-up, median reported"));

        var loadAtStart = LoadAverage.Now();
        Console.WriteLine($"Load average at start: {loadAtStart}");
        var results = new ResultTable();
        results.Info("load average at start", loadAtStart);
        if (options.Includes("rollup") || options.Includes("endpoint") || options.Includes("dashboard") || options.Includes("jobs"))
        {
            await using var database = await BenchDatabase.OpenAsync(options, ct);
            Console.WriteLine($"Database: {database.Description}");
            if (options.SkipGenerate)
            {
                var counts = await BulkLoader.CountAsync(database.ConnectionString, ct);
                Console.WriteLine("Reusing the data in the database: " + string.Join(", ", counts.Select(c => $"{c.Table} {c.Rows:N0}")));
            }
            else
            {
                Console.WriteLine("Generating and loading the synthetic nation (binary COPY)…");
                var load = await BulkLoader.LoadAsync(database.ConnectionString, scale, Console.WriteLine, ct);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  loaded in {(load.Generate + load.Copy + load.Analyze).TotalSeconds:F1} s (generate registry {load.Generate.TotalSeconds:F1} s, " +
                    $"COPY incl. report generation {load.Copy.TotalSeconds:F1} s, vacuum analyze {load.Analyze.TotalSeconds:F1} s)")
                    + (load.TriggersDisabled ? "" : ", triggers on"));
                Console.WriteLine("  rows: " + string.Join(", ", load.Counts.Select(c => $"{c.Table} {c.Rows:N0}")));
                var reports = load.Counts.Single(c => c.Table == "monthly_reports").Rows;
                var sections = load.Counts.Single(c => c.Table == "sections").Rows;
                results.Info("data set", string.Create(CultureInfo.InvariantCulture,
                    $"{reports:N0} reports, {sections:N0} sections, loaded in {(load.Generate + load.Copy + load.Analyze).TotalSeconds:F1} s"));
            }
            var period = new ReportingMonth(scale.Year, options.RollupMonth);
            if (options.Includes("rollup"))
            {
                await RollupBenchmark.RunAsync(database.ConnectionString, period, options.Runs, results, ct);
            }
            if (options.Includes("jobs"))
            {
                await JobsBenchmark.RunAsync(database.ConnectionString, period, options.Runs, results, ct);
            }
            if (options.Includes("endpoint"))
            {
                // After the roll-up: the ranking export reads the rolled-up period.
                await EndpointBenchmark.RunAsync(database.ConnectionString, period, results, ct);
            }
            if (options.Includes("dashboard"))
            {
                // After the roll-up too: the dashboard reads the period's roll-up (and rolls it up itself if it is missing).
                await DashboardBenchmark.RunAsync(database.ConnectionString, period, options, results, ct);
            }
        }

        if (options.Includes("forecast"))
        {
            ForecastBenchmark.Run(scale, results);
        }

        if (options.Includes("exports"))
        {
            await ExportBenchmark.RunAsync(options, results);
        }

        if (options.Includes("imports"))
        {
            await UploadReadBenchmark.RunAsync(options, results);
        }

        if (options.Includes("memory"))
        {
            await MemoryProbe.RunAsync(options, results, ct);
        }

        if (options.Includes("lists"))
        {
            await ListThreshold.RunAsync(options, results, ct);
        }

        results.Info("load average at end", LoadAverage.Now());
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Results ({total.Elapsed.TotalMinutes:F1} min in all, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC):"));
        results.Print(Console.Out);
        Console.WriteLine(results.Missed == 0 ? "All targets met." : $"{results.Missed} target(s) MISSED.");
        return 0;
    }
}
