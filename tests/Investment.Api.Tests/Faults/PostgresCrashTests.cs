using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Investment.Api.Data;
using Investment.Api.Tests.Features.Jobs;
using Investment.Api.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Investment.Api.Tests.Faults;

/// <summary>
/// PostgreSQL stopped as by a crash (<c>pg_ctl stop -m immediate</c>) while clients write monthly reports, then started
/// again: every report the API accepted (2xx) is there with its figures, and the running app serves again by itself.
/// </summary>
/// <remarks>
/// On a cluster of its own, so the stop does not hit the other tests' shared one; with fsync on (a persistent
/// cluster), so "there after the restart" means what it means in production.
/// </remarks>
[Trait("Category", "Slow")]
public sealed class PostgresCrashTests
{
    private const int Writers = 4;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private sealed record Write(long SectionId, string Period, decimal MonthActual, string Narrative)
    {
        public string Url => $"/api/v1/sections/{SectionId}/reports/{Period}";
    }

    private sealed record Accepted(Write Write, bool Submitted);

    private sealed record Refusal(string Url, HttpStatusCode? Status, string Body, bool RetryAfter);

    [Fact]
    public async Task StoppedImmediately_LosesNoAcceptedReport_AndTheAppRecoversWithoutRestart()
    {
        var cluster = await LocalPostgres.StartAsync(
            new LocalPostgresOptions(Path.Combine(Path.GetTempPath(), $"investment-crash-{Guid.NewGuid():N}"), Persistent: true),
            NullLogger.Instance, CancellationToken.None);
        try
        {
            var settings = AppProcess.Settings(cluster.ConnectionString);
            settings["Database__MigrateOnStartup"] = "true";
            settings["Database__SeedOnStartup"] = "true";
            settings["Database__SeedDirectory"] = TestCluster.SeedDirectory;
            await using var app = await AppProcess.StartAsync(settings);

            var sections = (await JobPolling.QueryAsync(Unpooled(cluster),
                    "select s.id from sections s join projects p on p.id = s.project_id where p.status = 'active' order by s.id"))
                .Select(id => long.Parse(id, CultureInfo.InvariantCulture)).ToList();
            var counter = 0;
            var writes = new ConcurrentQueue<Write>(
                from month in Enumerable.Range(1, 12)
                from section in sections
                let n = ++counter
                select new Write(section, $"2024-{month:D2}", 100m + (n * 0.25m), $"第{n}次填报：桥梁下部结构施工"));
            var accepted = new ConcurrentQueue<Accepted>();
            var refused = new ConcurrentQueue<Refusal>();

            using var stopWriting = new CancellationTokenSource();
            var writers = Enumerable.Range(0, Writers)
                .Select(_ => Task.Run(() => WriteUntilStoppedAsync(app.Client, writes, accepted, refused, stopWriting.Token)))
                .ToList();
            await WaitForAsync(() => accepted.Count >= 20, "20 accepted reports", app);

            // The crash lands in the middle of the writers' stream: some requests are in flight, some committing.
            await cluster.StopImmediatelyAsync();
            var (acceptedAtCrash, refusedAtCrash) = (accepted.Count, refused.Count);
            await WaitForAsync(() => refused.Count >= refusedAtCrash + Writers, "requests to fail while the database is down", app);
            Assert.False(await app.IsReadyAsync(), "Ready while the database is down.");

            // The same process, never restarted, finds its way back to the database.
            await cluster.StartAgainAsync();
            await app.WaitUntilReadyAsync(Deadline);
            await WaitForAsync(() => accepted.Count >= acceptedAtCrash + 20, "20 more accepted reports after the restart", app);
            await stopWriting.CancelAsync();
            await Task.WhenAll(writers);
            // Refused while the database was away: told so, as a problem to retry later, without SQL or internals.
            Assert.All(refused, r => Assert.True(r.Status == HttpStatusCode.ServiceUnavailable && r.RetryAfter && !r.Body.Contains("SELECT", StringComparison.OrdinalIgnoreCase)
                                                 && !r.Body.Contains("Npgsql", StringComparison.Ordinal), $"{r}"));

            // A crash while the app is idle leaves its pool full of connections the server has closed. Once the database
            // is back, the first request may trip over one; the next ones must not. Writes held on a table lock make sure
            // the app has several connections open at once, all idle in its pool afterwards.
            await using (var blocker = await Blocker.HoldAsync(Unpooled(cluster), "lock table monthly_reports in share mode"))
            {
                var held = Enumerable.Range(0, Writers).Select(_ => writes.TryDequeue(out var write) ? write : null).OfType<Write>().ToList();
                var puts = held.Select(write => app.Client.PutAsJsonAsync(write.Url, Body(write), HttpAssertions.Json)).ToList();
                await Sessions.WaitForWaitersAsync(Unpooled(cluster), blocker, Writers, () => app.Output);
                await blocker.ReleaseAsync();
                foreach (var (write, put) in held.Zip(puts))
                {
                    Assert.Equal(HttpStatusCode.Created, (await put).StatusCode);
                    accepted.Enqueue(new Accepted(write, Submitted: false));
                }
            }
            var idle = await JobPolling.QueryAsync(Unpooled(cluster),
                "select count(*) from pg_stat_activity where state = 'idle' and application_name <> 'investment-jobs' and pid <> pg_backend_pid()");
            Assert.True(int.Parse(idle[0], CultureInfo.InvariantCulture) >= Writers, $"Expected the app's connections idle in its pool, found {idle[0]}.");
            await cluster.StopImmediatelyAsync();
            await cluster.StartAgainAsync();
            var failures = new List<Refusal>();
            for (var successes = 0; successes < 3;)
            {
                Assert.True(writes.TryDequeue(out var write), "Ran out of months to write.");
                var put = await app.Client.PutAsJsonAsync(write.Url, Body(write), HttpAssertions.Json);
                if (put.StatusCode == HttpStatusCode.Created)
                {
                    accepted.Enqueue(new Accepted(write, Submitted: false));
                    successes++;
                    continue;
                }
                failures.Add(new Refusal(write.Url, put.StatusCode, await put.Content.ReadAsStringAsync(), put.Headers.RetryAfter is not null));
                Assert.True(failures.Count <= 1, $"More than one request failed after the database was back: {string.Join("; ", failures)}{Environment.NewLine}{app.Output}");
            }
            Assert.All(failures, r => Assert.Equal(HttpStatusCode.ServiceUnavailable, r.Status));

            // Every accepted report is stored with what was sent; a submit that was answered 2xx stuck too.
            var stored = (await JobPolling.QueryAsync(Unpooled(cluster),
                    """
                    select section_id || ' ' || year || '-' || lpad(month::text, 2, '0') || ' ' || month_actual || ' ' || status || ' ' || narrative
                    from monthly_reports where year = 2024 and revision = 1
                    """))
                .ToDictionary(row => string.Join(' ', row.Split(' ')[..2]), row => row.Split(' ', 5)[2..]);
            foreach (var (write, submitted) in accepted)
            {
                Assert.True(stored.TryGetValue($"{write.SectionId} {write.Period}", out var row),
                    $"The accepted report of section {write.SectionId} for {write.Period} is missing after the crash.");
                Assert.Equal(write.MonthActual.ToString("0.0000", CultureInfo.InvariantCulture), row[0]);
                Assert.Equal(write.Narrative, row[2]);
                if (submitted)
                {
                    Assert.Equal("submitted", row[1]);
                }
            }

            // The scheduler came back too: a queued job runs to the end.
            JobPolling.AssertSucceeded(await JobPolling.RunAsync(app.Client, "/api/v1/rollups", new { period = "2024-06" }));
        }
        finally
        {
            await cluster.StopAsync();
            // A persistent cluster keeps its folder; this one was for this test only.
            Directory.Delete(cluster.DataDirectory, recursive: true);
            File.Delete(cluster.DataDirectory + ".lock");
        }
    }

    /// <summary>The test's own connections must not come from a pool the crash has broken too.</summary>
    private static string Unpooled(LocalPostgres cluster) =>
        new NpgsqlConnectionStringBuilder(cluster.ConnectionString) { Pooling = false }.ConnectionString;

    private static object Body(Write write) => new { monthActual = write.MonthActual, narrative = write.Narrative };

    /// <summary>PUTs and submits reports until told to stop, recording what the API accepted and what it refused.</summary>
    private static async Task WriteUntilStoppedAsync(
        HttpClient client, ConcurrentQueue<Write> writes, ConcurrentQueue<Accepted> accepted, ConcurrentQueue<Refusal> refused, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested && writes.TryDequeue(out var write))
        {
            var (put, body, retryAfter) = await SendAsync(() => client.PutAsJsonAsync(write.Url, Body(write), HttpAssertions.Json));
            if (put != HttpStatusCode.Created)
            {
                refused.Enqueue(new Refusal(write.Url, put, body, retryAfter));
                // Each refusal uses up a month (it may have been stored before the answer was lost); do not burn them all.
                await Task.Delay(100, CancellationToken.None);
                continue;
            }
            var (submit, _, _) = await SendAsync(() => client.PostAsync($"{write.Url}/submit", null));
            accepted.Enqueue(new Accepted(write, submit == HttpStatusCode.OK));
        }
    }

    /// <summary>The status, body and whether Retry-After came; a null status when no answer came (the connection failed).</summary>
    private static async Task<(HttpStatusCode? Status, string Body, bool RetryAfter)> SendAsync(Func<Task<HttpResponseMessage>> send)
    {
        try
        {
            using var response = await send();
            return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.RetryAfter is not null);
        }
        catch (HttpRequestException e)
        {
            return (null, e.Message, false);
        }
    }

    private static async Task WaitForAsync(Func<bool> condition, string what, AppProcess app)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Waited {Deadline} for {what}.{Environment.NewLine}{app.Output}");
            await Task.Delay(20);
        }
    }
}
