using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Investment.Api.Data;
using Investment.Benchmarks.Rollups;
using Investment.Domain;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace Investment.Benchmarks.Jobs;

/// <summary>
/// Jobs on Hangfire, with the API hosted in-process on the benchmark database (its job servers included, as in every
/// instance): how long a requested job waits before it starts on an idle instance (POST → jobs.started_at, p50 and p95
/// of many; the target is 1 s), and a roll-up through the job queue (POST, then its jobs row finished) against the
/// roll-up called directly, interleaved in the same run.
/// </summary>
internal static class JobsBenchmark
{
    private const int LatencySamples = 40;

    public static async Task RunAsync(string connectionString, ReportingMonth period, int runs, ResultTable results, CancellationToken ct)
    {
        Console.WriteLine("Jobs on Hangfire, in-process: request-to-start latency, and a roll-up through the queue against a direct one…");
        var email = $"bench-{Guid.NewGuid():N}@bench.local";
        var password = $"Bench-{Guid.NewGuid():N}-aA1!";
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseContentRoot(Path.Combine(RepositoryRoot.Find() ?? Directory.GetCurrentDirectory(), "src", "Investment.Api"));
            builder.UseEnvironment("Benchmark");
            builder.UseSetting("ConnectionStrings:Investment", connectionString);
            builder.UseSetting("Database:MigrateOnStartup", "false");
            builder.UseSetting("Database:SeedOnStartup", "false");
            builder.UseSetting("Scheduling:Enabled", "false");
            builder.UseSetting("Admin:Email", email);
            builder.UseSetting("Admin:Password", password);
            builder.UseSetting("RateLimits:LoginPerMinute", "100000");
            builder.UseSetting("RateLimits:WritesPerMinute", "100000");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
        });
        using var client = factory.CreateClient();
        using (var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password }, ct))
        {
            var tokens = await login.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(ct);
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
        }
        var p = period.ToString();

        // One at a time, each after the previous has finished: an idle instance every time. The reminder is the lightest job.
        var latencies = new List<TimeSpan>();
        for (var i = 0; i <= LatencySamples; i++)
        {
            var requested = DateTimeOffset.UtcNow;
            var id = await StartAsync(client, "/api/v1/reminders/missing-reports", p, ct);
            var (startedAt, _) = await WaitUntilFinishedAsync(connectionString, id, ct);
            if (i > 0)
            {
                latencies.Add(startedAt - requested); // the first paid for JIT and the job servers' first queries
            }
        }
        latencies.Sort();
        var p50 = latencies[(latencies.Count - 1) / 2];
        var p95 = latencies[(int)Math.Ceiling(latencies.Count * 0.95) - 1];
        Console.WriteLine($"  request to start, {latencies.Count} jobs: p50 {ResultTable.Time(p50)}, p95 {ResultTable.Time(p95)}, max {ResultTable.Time(latencies[^1])}");
        results.Ratio($"job request to start, p95 of {latencies.Count}", p95, "target", TimeSpan.FromSeconds(1), 1.0, "≤ 1 s");
        results.Info("  job request to start, p50", ResultTable.Time(p50));

        var queued = new List<string>();
        var times = await Measure.InterleavedMediansAsync(runs,
        [
            new("direct", async () => await RollupUnderTest.RunAsync(connectionString, period, ct)),
            new("hangfire", async () =>
            {
                var id = await StartAsync(client, "/api/v1/rollups", p, ct);
                var (startedAt, finishedAt) = await WaitUntilFinishedAsync(connectionString, id, ct);
                queued.Add(string.Create(CultureInfo.InvariantCulture, $"ran {(finishedAt - startedAt).TotalMilliseconds:F0} ms"));
            }),
        ]);
        Console.WriteLine($"  roll-up direct {ResultTable.Time(times["direct"])}, through Hangfire {ResultTable.Time(times["hangfire"])} (POST to finished; the job itself: {string.Join(", ", queued)})");
        // What the queue adds is a fixed cost (the request, a worker taking the job, the jobs row's updates), not a share
        // of the work: the target is that cost, at most a second, whatever the scale.
        var overheadTarget = (times["direct"] + TimeSpan.FromSeconds(1)) / times["direct"];
        results.Ratio($"roll-up {period} through Hangfire (POST → finished)", times["hangfire"], "called directly", times["direct"],
            overheadTarget, "direct + ≤ 1 s");
    }

    private static async Task<Guid> StartAsync(HttpClient client, string url, string period, CancellationToken ct)
    {
        using var response = await client.PostAsJsonAsync(url, new { period }, ct);
        var job = await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(ct);
        return job.GetProperty("id").GetGuid();
    }

    /// <summary>Polls the jobs row (every 10 ms) until it has finished; the times are the database's, not the poll's.</summary>
    private static async Task<(DateTimeOffset StartedAt, DateTimeOffset FinishedAt)> WaitUntilFinishedAsync(
        string connectionString, Guid id, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        while (true)
        {
            await using var command = new NpgsqlCommand("select status, started_at, finished_at, error from jobs where id = @id", connection);
            command.Parameters.AddWithValue("id", id);
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            var status = reader.GetString(0);
            if (status == JobStatuses.Failed)
            {
                throw new InvalidOperationException($"Job {id} failed: {reader.GetValue(3)}");
            }
            if (status == JobStatuses.Succeeded)
            {
                return (reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2));
            }
            await reader.DisposeAsync();
            await Task.Delay(10, ct);
        }
    }
}
