using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Auth;
using Investment.Domain;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Investment.Benchmarks;

/// <summary>
/// The export endpoints timed once each, end to end: the API hosted in-process on the benchmark database, an HTTP GET,
/// the query, the sheet and the whole response body read. The first request of each pays for JIT and model building,
/// so it is made once untimed. The province-wide one has a target (under 300 ms); the county ranking is informational.
/// </summary>
internal static class EndpointBenchmark
{
    private static readonly TimeSpan ProvinceQueryLimit = TimeSpan.FromMilliseconds(300);

    public static async Task RunAsync(string connectionString, ReportingMonth period, ResultTable results, CancellationToken ct)
    {
        var (city, province, provinceSections) = await PickRegionsAsync(connectionString, ct);
        if (city is null || province is null)
        {
            results.Info("endpoints", "not measured: no synthetic regions in the database");
            return;
        }
        Console.WriteLine("Export endpoints, in-process, once each after an untimed first request…");

        // If the API has sign-in (Admin:* bootstraps an administrator), sign in as a new one; otherwise these settings are unused.
        var email = $"bench-{Guid.NewGuid():N}@bench.local";
        var password = $"Bench-{Guid.NewGuid():N}-aA1!";
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            // Mvc.Testing only writes the API's content root into test projects; this program says where it is itself.
            builder.UseContentRoot(Path.Combine(RepositoryRoot.Find() ?? Directory.GetCurrentDirectory(), "src", "Investment.Api"));
            builder.UseEnvironment("Benchmark");
            builder.UseSetting("ConnectionStrings:Investment", connectionString);
            builder.UseSetting("Database:MigrateOnStartup", "false");
            builder.UseSetting("Database:SeedOnStartup", "false");
            builder.UseSetting("Scheduling:Enabled", "false");
            // The synchronous GET is what is timed here, at any size; clients POST exports above the limit as jobs.
            builder.UseSetting("Exports:SynchronousMaxRows", int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Admin:Email", email);
            builder.UseSetting("Admin:Password", password);
            builder.UseSetting("RateLimits:LoginPerMinute", "100000");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
        });
        using var client = factory.CreateClient();
        // Admin:* makes an administrator only while there is none; on a reused data set an earlier run made one, so make
        // this run's as the create-admin verb does (the dashboard part does the same).
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<CallerContext>().RunAs(Caller.System("benchmark"));
            await AccountBootstrap.CreateAdministratorAsync(scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>(), email, password);
        }
        using (var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password }, ct))
        {
            if (login.IsSuccessStatusCode)
            {
                var tokens = await login.Content.ReadFromJsonAsync<JsonElement>(ct);
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
            }
        }

        var p = period.ToString();
        // A province-wide query is held to 300 ms end to end (issue 15); the county ranking is informational.
        foreach (var (what, url, limit) in new (string, string, TimeSpan?)[]
                 {
                     ($"endpoint: county ranking of city {city}", $"/api/v1/exports/county-ranking?regionCode={city}&period={p}&scope=effective&rankBy=ytd", null),
                     ($"endpoint: project detail of province {province} ({provinceSections:N0} sections)", $"/api/v1/exports/project-detail?regionCode={province}&period={p}&scope=all", ProvinceQueryLimit),
                 })
        {
            var (status, _, _) = await GetAsync(client, url, ct);
            if (status != HttpStatusCode.OK)
            {
                results.Info(what, $"not measured: HTTP {(int)status} {status}");
                Console.WriteLine($"  {what}: HTTP {(int)status}");
                continue;
            }
            var (_, bytes, elapsed) = await GetAsync(client, url, ct);
            Console.WriteLine($"  {what}: {ResultTable.Time(elapsed)}, {bytes / 1024.0:F0} KB");
            if (limit is { } max)
            {
                results.Value(what, $"{ResultTable.Time(elapsed)} ({bytes / 1024.0:F0} KB)", elapsed < max, $"< {max.TotalMilliseconds:F0} ms");
            }
            else
            {
                results.Info(what, $"{ResultTable.Time(elapsed)} ({bytes / 1024.0:F0} KB)");
            }
        }
    }

    private static async Task<(HttpStatusCode Status, long Bytes, TimeSpan Elapsed)> GetAsync(HttpClient client, string url, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        var bytes = 0L;
        var buffer = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(buffer, ct)) > 0)
        {
            bytes += read;
        }
        return (response.StatusCode, bytes, clock.Elapsed);
    }

    /// <summary>The first synthetic city, and the synthetic province with the most sections.</summary>
    private static async Task<(string? City, string? Province, long Sections)> PickRegionsAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("""
            select (select min(code) from regions where level = 'city' and code like '9%'),
                   province, sections
            from (select left(s.region_code, 3) || '000' as province, count(*) as sections
                  from sections s where s.region_code like '9%' group by 1 order by 2 desc, 1 limit 1) p
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? (reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetString(1), reader.GetInt64(2))
            : (null, null, 0);
    }
}
