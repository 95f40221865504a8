using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime;
using System.Text;
using System.Text.Json;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Auth;
using Investment.Benchmarks.Rollups;
using Investment.Domain;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Investment.Benchmarks.Dashboard;

/// <summary>
/// Load on the leadership dashboard: N virtual leaders (default 50) each open one view of a county's dashboard — the
/// requests <see cref="DashboardView"/> lists, made as a browser makes them — wait a second and open it again, for a
/// fixed time after a warm-up; every request is timed to the end of its body. The API runs in-process on a real
/// socket (Kestrel on a loopback port). Baseline, in the same run: the SQL each endpoint executes, captured while
/// calling it alone, replayed by N workers on their own connections with the same pause between views. Target: p95 of
/// all requests under 100 ms.
/// </summary>
internal static class DashboardBenchmark
{
    private const double TargetMilliseconds = 100;

    /// <summary>
    /// A browser makes at most six HTTP/1.1 connections to one host and queues the rest; the API serves HTTP/1.1 here (no
    /// TLS, so no HTTP/2), and the page fires its fifteen section requests at once, so six are in flight at a time.
    /// </summary>
    private const int BrowserConnectionsPerHost = 6;

    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(1);

    /// <summary>One timed request of a view (or the SQL of one endpoint): which of the view's requests, how long, whether it succeeded.</summary>
    private readonly record struct Sample(int Request, double Milliseconds, bool Ok);

    /// <summary>A load's clock: loops run until <see cref="Running"/> turns false; what starts during the warm-up is not counted.</summary>
    private sealed class Window(TimeSpan warmUp, TimeSpan duration)
    {
        private readonly long _start = Stopwatch.GetTimestamp();

        public bool Running => Stopwatch.GetElapsedTime(_start) < warmUp + duration;

        public bool Counts(long timestamp)
        {
            var at = Stopwatch.GetElapsedTime(_start, timestamp);
            return at >= warmUp && at < warmUp + duration;
        }
    }

    public static async Task RunAsync(string connectionString, ReportingMonth period, BenchOptions options, ResultTable results, CancellationToken ct)
    {
        var (county, city) = await PickCountyAsync(connectionString, ct);
        if (county is null || city is null)
        {
            results.Info("dashboard", "not measured: no synthetic county in the database");
            return;
        }
        var users = options.DashboardUsers;
        var duration = TimeSpan.FromSeconds(options.DashboardSeconds);
        Console.WriteLine($"Dashboard of county {county} (city {city}), {period}, {users} users, {WarmUp.TotalSeconds:F0} s warm-up + {duration.TotalSeconds:F0} s timed…");
        await EnsureRolledUpAsync(connectionString, period, ct);

        var view = DashboardView.Requests(county, city, period);
        Console.WriteLine($"  One view = {view.Count} requests, in the page's order; a step starts when the one before is answered, " +
                          $"a step's requests go at once, at most {BrowserConnectionsPerHost} in flight per user:");
        foreach (var r in view)
        {
            Console.WriteLine($"    {r.Step}  GET {r.Url}");
        }

        var adminEmail = $"bench-{Guid.NewGuid():N}@bench.local";
        var adminPassword = AccountBootstrap.NewPassword();
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            // As EndpointBenchmark: Mvc.Testing only finds the API's content root for test projects.
            builder.UseContentRoot(Path.Combine(RepositoryRoot.Find() ?? Directory.GetCurrentDirectory(), "src", "Investment.Api"));
            builder.UseEnvironment("Benchmark");
            builder.UseSetting("ConnectionStrings:Investment", connectionString);
            builder.UseSetting("Database:MigrateOnStartup", "false");
            builder.UseSetting("Database:SeedOnStartup", "false");
            builder.UseSetting("Scheduling:Enabled", "false");
            builder.UseSetting("Admin:Email", adminEmail);
            builder.UseSetting("Admin:Password", adminPassword);
            // Reads are never limited; sign-in and writes are, and this run signs in and creates a user.
            builder.UseSetting("RateLimits:LoginPerMinute", "100000");
            builder.UseSetting("RateLimits:WritesPerMinute", "100000");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            // Queued jobs still run on Hangfire's job servers; their start-up lines would drown the figures.
            builder.UseSetting("Logging:LogLevel:Hangfire", "Warning");
            // With UseKestrel(0) alone the server still listened on appsettings.json's "Urls" (localhost:5080): a free
            // loopback port here, so a run never takes 5080 from an API or a browser test running next to it.
            builder.UseSetting("Urls", "http://127.0.0.1:0");
        });
        factory.UseKestrel(0);
        factory.StartServer();
        var baseAddress = factory.ClientOptions.BaseAddress;
        // Admin:* makes an administrator only while there is none, and a reused data set has one from an earlier run:
        // make this run's the way the create-admin verb does (it sets the password of a user that exists).
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<CallerContext>().RunAs(Caller.System("benchmark"));
            await AccountBootstrap.CreateAdministratorAsync(scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>(), adminEmail, adminPassword);
        }
        var token = await SignInLeaderAsync(baseAddress, adminEmail, adminPassword, county, ct);
        Console.WriteLine($"  API on {baseAddress} (Kestrel, in-process; {(GCSettings.IsServerGC ? "server" : "workstation")} GC; " +
                          $"database pool of {new NpgsqlConnectionStringBuilder(connectionString).MaxPoolSize}), signed in as a leader of {county}");

        // Each request once, untimed (JIT, EF's query cache, the key ring), and a look at what it answers.
        using (var client = NewClient(baseAddress, token))
        {
            foreach (var r in view)
            {
                using var response = await client.GetAsync(r.Url, ct);
                var body = await response.Content.ReadAsByteArrayAsync(ct);
                Console.WriteLine($"    {(int)response.StatusCode} {body.Length,7:N0} bytes  {r.Name}");
            }
        }

        var sql = await CaptureSqlAsync(baseAddress, token, view, ct);
        var outsideEf = sql.SelectMany(c => c).Where(c => c.OutsideEf).ToList();
        Console.WriteLine("  SQL per request (each called alone once more, its commands recorded):");
        for (var i = 0; i < view.Count; i++)
        {
            Console.WriteLine($"    {sql[i].Count,2} commands ({sql[i].Count(c => c.OutsideEf)} outside EF)  {view[i].Name}");
        }
        if (outsideEf.Count > 0)
        {
            Console.WriteLine($"  {outsideEf.Count} commands per view ran outside EF, replayed with their {outsideEf.Sum(c => c.UnknownParameters)} parameters as NULL " +
                              "(Npgsql's tracing gives no values): " + string.Join("; ", outsideEf.Select(c => OneLine(c.Sql)).Distinct(StringComparer.Ordinal)));
        }
        var single = await TimeOneConnectionAsync(connectionString, sql, ct);
        Console.WriteLine($"  The SQL of one view on one connection, nothing else of ours running (best of 3 per command): {Time(single.Sum(c => c.Sum()))}; " +
                          $"every command with its parameters and time in {WriteSqlFile(view, sql, single)}; the costliest:");
        foreach (var (ms, i, sqlText) in single.SelectMany((times, i) => times.Select((ms, k) => (ms, i, OneLine(sql[i][k].Sql))))
                     .OrderByDescending(c => c.ms).Take(5))
        {
            Console.WriteLine($"    {Time(ms),8}  {view[i].Name}: {sqlText[..Math.Min(sqlText.Length, 110)]}…");
        }

        Console.WriteLine($"  Load through the API ({users} users; load average {LoadAverage.Now()})…");
        var (ours, views) = await LoadApiAsync(baseAddress, token, view, users, duration, ct);
        Console.WriteLine($"  The same SQL alone on {users} connections (load average {LoadAverage.Now()})…");
        var (bare, bareViews) = await ReplaySqlAsync(connectionString, sql, users, duration, ct);
        Console.WriteLine($"    (load average after: {LoadAverage.Now()})");

        Report(view, (ours, views), (bare, bareViews), single, users, duration, outsideEf, results);
    }

    /// <summary>The first synthetic county and its city.</summary>
    private static async Task<(string? County, string? City)> PickCountyAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            "select code, parent_code from regions where level = 'county' and code like '9%' order by code limit 1", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetString(0), reader.GetString(1)) : (null, null);
    }

    /// <summary>
    /// Rolls the period and the month before it up unless rollup_runs says they are (the rollup part leaves the period
    /// rolled up; a data set used only for this part may not be). The month before: the page reads it for the rank
    /// change, and the monthly job has rolled it up in any real installation, so it should not be a cheap 404 here.
    /// </summary>
    private static async Task EnsureRolledUpAsync(string connectionString, ReportingMonth period, CancellationToken ct)
    {
        foreach (var month in new[] { period.Previous, period })
        {
            await using (var connection = new NpgsqlConnection(connectionString))
            {
                await connection.OpenAsync(ct);
                await using var command = new NpgsqlCommand("select exists (select 1 from rollup_runs where year = $1 and month = $2)", connection);
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = month.Year });
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = month.Month });
                if ((bool)(await command.ExecuteScalarAsync(ct))!)
                {
                    continue;
                }
            }
            Console.WriteLine($"  rolling up {month} first (rollup_runs has no row for it): " + await RollupUnderTest.RunAsync(connectionString, month, ct));
        }
    }

    /// <summary>Signs in as the administrator, creates a leader scoped to the county and signs in as them: the dashboard is a leader's page.</summary>
    private static async Task<string> SignInLeaderAsync(Uri baseAddress, string adminEmail, string adminPassword, string county, CancellationToken ct)
    {
        using var client = NewClient(baseAddress, token: null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await SignInAsync(client, adminEmail, adminPassword, ct));
        var email = $"bench-leader-{Guid.NewGuid():N}@bench.local";
        var password = AccountBootstrap.NewPassword();
        using (var created = await client.PostAsJsonAsync("/api/v1/users",
                   new { email, password, role = "leadership", regionCodes = new[] { county } }, ct))
        {
            if (!created.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Creating the leader failed: HTTP {(int)created.StatusCode} {await created.Content.ReadAsStringAsync(ct)}");
            }
        }
        client.DefaultRequestHeaders.Authorization = null;
        return await SignInAsync(client, email, password, ct);
    }

    private static async Task<string> SignInAsync(HttpClient client, string email, string password, CancellationToken ct)
    {
        using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password }, ct);
        if (!login.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Signing in as {email} failed: HTTP {(int)login.StatusCode}");
        }
        var tokens = await login.Content.ReadFromJsonAsync<JsonElement>(ct);
        return tokens.GetProperty("accessToken").GetString() ?? throw new InvalidOperationException("No access token.");
    }

    /// <summary>A browser of its own: its own connections (at most six), the page's headers, the leader's bearer token.</summary>
    private static HttpClient NewClient(Uri baseAddress, string? token)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = BrowserConnectionsPerHost, UseCookies = false })
        {
            BaseAddress = baseAddress,
            // Bounds a stuck request; a request this slow counts as failed.
            Timeout = TimeSpan.FromSeconds(30),
        };
        client.DefaultRequestHeaders.Accept.ParseAdd("application/json, application/problem+json");
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    /// <summary>Calls each request once more, alone, recording the SQL it executes.</summary>
    private static async Task<List<CapturedCommand>[]> CaptureSqlAsync(Uri baseAddress, string token, IReadOnlyList<ViewRequest> view, CancellationToken ct)
    {
        using var client = NewClient(baseAddress, token);
        using var capture = new SqlCapture();
        foreach (var r in view)
        {
            capture.Endpoint = r.Name;
            await GetAsync(client, r.Url, ct);
            capture.Endpoint = null;
        }
        return view.Select(r => capture.CommandsOf(r.Name)).ToArray();
    }

    /// <summary>
    /// Each captured command's best time of three on one connection, without load of ours: what the SQL costs by itself,
    /// before any queueing. Also the check that every command replays (one that failed would void the baseline).
    /// </summary>
    private static async Task<double[][]> TimeOneConnectionAsync(string connectionString, List<CapturedCommand>[] sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        var best = sql.Select(endpoint => endpoint.Select(_ => double.MaxValue).ToArray()).ToArray();
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < sql.Length; i++)
            {
                for (var k = 0; k < sql[i].Count; k++)
                {
                    await using var replay = sql[i][k].On(connection);
                    var start = Stopwatch.GetTimestamp();
                    await CapturedCommand.ExecuteAsync(replay, ct);
                    best[i][k] = Math.Min(best[i][k], Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            }
        }
        return best;
    }

    private static string WriteSqlFile(IReadOnlyList<ViewRequest> view, List<CapturedCommand>[] sql, double[][] single)
    {
        var text = new StringBuilder();
        for (var i = 0; i < view.Count; i++)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"==== {view[i].Name}: GET {view[i].Url}");
            foreach (var (c, k) in sql[i].Select((c, k) => (c, k)))
            {
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"-- {(c.OutsideEf ? "outside EF (parameters unknown, replayed as NULL)" : "EF")}; alone on one connection, best of 3: {Time(single[i][k])}");
                text.AppendLine(c.Sql);
                foreach (var p in c.Parameters)
                {
                    var value = p.Value switch
                    {
                        string s => s,
                        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                        System.Collections.IEnumerable list => "[" + string.Join(", ", list.Cast<object?>()) + "]",
                        var other => Convert.ToString(other, CultureInfo.InvariantCulture),
                    };
                    text.AppendLine(CultureInfo.InvariantCulture, $"--   {p.ParameterName} {p.DataTypeName} = {value}");
                }
            }
        }
        var path = Path.Combine(Path.GetTempPath(), "investment-bench-dashboard-sql.txt");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static string OneLine(string sql) => string.Join(' ', sql.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The users' loops through the API; answers every counted request and the time of every counted view.</summary>
    private static async Task<(List<Sample> Requests, List<double> Views)> LoadApiAsync(
        Uri baseAddress, string token, IReadOnlyList<ViewRequest> view, int users, TimeSpan duration, CancellationToken ct)
    {
        var steps = view.Select((r, i) => (r.Step, i)).GroupBy(x => x.Step).Select(g => g.Select(x => x.i).ToArray()).ToArray();
        var window = new Window(WarmUp, duration);
        var perUser = await Task.WhenAll(Enumerable.Range(0, users).Select(user => Task.Run(async () =>
        {
            using var client = NewClient(baseAddress, token);
            using var slots = new SemaphoreSlim(BrowserConnectionsPerHost);
            var samples = new List<Sample>();
            var views = new List<double>();
            // Users start spread over the first pause rather than all in the same millisecond.
            await Task.Delay(Pause * user / users, ct);
            while (window.Running)
            {
                var viewStart = Stopwatch.GetTimestamp();
                foreach (var step in steps)
                {
                    var answers = await Task.WhenAll(step.Select(async i =>
                    {
                        // The clock starts when the request gets one of the six connections: the wait for a free one is
                        // the browser's queue, not the server's time (it is in the view time below).
                        await slots.WaitAsync(ct);
                        try
                        {
                            var start = Stopwatch.GetTimestamp();
                            var ok = await GetAsync(client, view[i].Url, ct);
                            return (Start: start, Sample: new Sample(i, Stopwatch.GetElapsedTime(start).TotalMilliseconds, ok));
                        }
                        finally
                        {
                            slots.Release();
                        }
                    }));
                    samples.AddRange(answers.Where(a => window.Counts(a.Start)).Select(a => a.Sample));
                }
                if (window.Counts(viewStart))
                {
                    views.Add(Stopwatch.GetElapsedTime(viewStart).TotalMilliseconds);
                }
                await Task.Delay(Pause, ct);
            }
            return (samples, views);
        }, ct)));
        return (perUser.SelectMany(u => u.samples).ToList(), perUser.SelectMany(u => u.views).ToList());
    }

    /// <summary>One GET with the whole body read; false for an error status, a failed connection or a timeout.</summary>
    private static async Task<bool> GetAsync(HttpClient client, string url, CancellationToken ct)
    {
        try
        {
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            await body.CopyToAsync(Stream.Null, ct);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when ((e is HttpRequestException or TaskCanceledException) && !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>
    /// The baseline: each worker on its own connection runs the view's endpoints one after the other, each endpoint's
    /// captured commands executed and read to the end (its time = the sum of its commands), then pauses like a user.
    /// </summary>
    private static async Task<(List<Sample> Endpoints, List<double> Views)> ReplaySqlAsync(
        string connectionString, List<CapturedCommand>[] sql, int workers, TimeSpan duration, CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = workers + 5, ApplicationName = "bench-dashboard-sql" };
        await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        var window = new Window(WarmUp, duration);
        var perWorker = await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            var commands = sql.Select(endpoint => endpoint.Select(c => c.On(connection)).ToArray()).ToArray();
            var samples = new List<Sample>();
            var views = new List<double>();
            try
            {
                await Task.Delay(Pause * worker / workers, ct);
                while (window.Running)
                {
                    var viewStart = Stopwatch.GetTimestamp();
                    for (var i = 0; i < commands.Length; i++)
                    {
                        var start = Stopwatch.GetTimestamp();
                        foreach (var command in commands[i])
                        {
                            await CapturedCommand.ExecuteAsync(command, ct);
                        }
                        if (window.Counts(start))
                        {
                            samples.Add(new Sample(i, Stopwatch.GetElapsedTime(start).TotalMilliseconds, Ok: true));
                        }
                    }
                    if (window.Counts(viewStart))
                    {
                        views.Add(Stopwatch.GetElapsedTime(viewStart).TotalMilliseconds);
                    }
                    await Task.Delay(Pause, ct);
                }
            }
            finally
            {
                foreach (var command in commands.SelectMany(c => c))
                {
                    await command.DisposeAsync();
                }
            }
            return (samples, views);
        }, ct)));
        return (perWorker.SelectMany(w => w.samples).ToList(), perWorker.SelectMany(w => w.views).ToList());
    }

    private static void Report(IReadOnlyList<ViewRequest> view, (List<Sample> Requests, List<double> Views) ours,
        (List<Sample> Endpoints, List<double> Views) bare, double[][] single, int users, TimeSpan duration, List<CapturedCommand> outsideEf,
        ResultTable results)
    {
        List<double> Times(List<Sample> samples, int request) => samples.Where(s => s.Request == request).Select(s => s.Milliseconds).ToList();
        string Row(string name, List<double> mine, string failed, List<double> sql, double alone) =>
            $"  {name,-36} {mine.Count,6} {Ms(mine, 0.50),8} {Ms(mine, 0.95),8} {Ms(mine, 0.99),8} {Ms(mine, 1),8} {failed,6} | " +
            $"{Ms(sql, 0.50),8} {Ms(sql, 0.95),8} | {Ms([alone], 1),8}";

        Console.WriteLine($"  {"request (ms)",-36} {"n",6} {"p50",8} {"p95",8} {"p99",8} {"max",8} {"failed",6} | {"SQL p50",8} {"SQL p95",8} | {"SQL 1 conn",8}");
        for (var i = 0; i < view.Count; i++)
        {
            var failedHere = ours.Requests.Count(s => s.Request == i && !s.Ok);
            Console.WriteLine(Row(view[i].Name, Times(ours.Requests, i), failedHere.ToString(CultureInfo.InvariantCulture), Times(bare.Endpoints, i), single[i].Sum()));
        }
        var all = ours.Requests.Select(s => s.Milliseconds).ToList();
        var allSql = bare.Endpoints.Select(s => s.Milliseconds).ToList();
        var failed = ours.Requests.Count(s => !s.Ok);
        Console.WriteLine(Row("all requests", all, failed.ToString(CultureInfo.InvariantCulture), allSql, double.NaN));
        // A view through the API: six requests at a time, the browser's queue included; of the SQL: its endpoints one after another.
        Console.WriteLine(Row("whole view", ours.Views, "", bare.Views, single.Sum(c => c.Sum())));

        var seconds = duration.TotalSeconds;
        var p95 = Percentile(all, 0.95);
        results.Value($"dashboard: p95 over all requests, {users} users", $"{Time(p95)} (SQL alone {Time(Percentile(allSql, 0.95))})",
            p95 < TargetMilliseconds, "< 100 ms");
        results.Info("  p50 / p99 / max, all requests", $"{Time(Percentile(all, 0.5))} / {Time(Percentile(all, 0.99))} / {Time(Percentile(all, 1))}");
        results.Info("  SQL of one view, one connection, no load of ours", $"{Time(single.Sum(c => c.Sum()))} (slowest endpoint {Time(single.Max(c => c.Sum()))})");
        results.Info("  requests per second", string.Create(CultureInfo.InvariantCulture,
            $"{all.Count / seconds:F0} ({all.Count:N0} in {seconds:F0} s, {ours.Views.Count:N0} views; SQL alone: {allSql.Count / seconds:F0} endpoints per second)"));
        results.Info("  whole view, p50 / p95", $"{Time(Percentile(ours.Views, 0.5))} / {Time(Percentile(ours.Views, 0.95))} " +
                                                 $"(SQL alone, endpoints in turn: {Time(Percentile(bare.Views, 0.5))} / {Time(Percentile(bare.Views, 0.95))})");
        if (failed > 0)
        {
            results.Value("  failed requests", failed.ToString("N0", CultureInfo.InvariantCulture), ok: false, "none");
        }
        for (var i = 0; i < view.Count; i++)
        {
            results.Info($"  p95 {view[i].Name}", $"{Time(Percentile(Times(ours.Requests, i), 0.95))} (SQL {Time(Percentile(Times(bare.Endpoints, i), 0.95))})");
        }
        if (outsideEf.Count > 0)
        {
            results.Info("  SQL outside EF, parameters not captured", $"{outsideEf.Count} commands per view (replayed with NULLs)");
        }
        results.Info("  load average after the dashboard load", LoadAverage.Now());
    }

    /// <summary>The nearest-rank percentile (q = 1: the maximum); NaN for no samples.</summary>
    private static double Percentile(List<double> values, double q)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static string Ms(List<double> values, double q) =>
        Percentile(values, q) is var ms && double.IsNaN(ms) ? "-" : ms.ToString(ms >= 100 ? "F0" : "F1", CultureInfo.InvariantCulture);

    private static string Time(double milliseconds) => double.IsNaN(milliseconds) ? "-" : ResultTable.Time(TimeSpan.FromMilliseconds(milliseconds));
}
