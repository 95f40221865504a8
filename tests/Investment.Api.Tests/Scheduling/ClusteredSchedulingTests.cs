using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Hangfire;
using Hangfire.Storage;
using Investment.Api.Features.Exports;
using Investment.Api.Features.Rollups;
using Investment.Api.Tests.Faults;
using Investment.Api.Tests.Features.Jobs;
using Investment.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Investment.Api.Tests.Scheduling;

/// <summary>Hangfire job servers of two instances on one database, as two API instances behind a load balancer run them.</summary>
[Trait("Category", "Slow")]
public sealed class ClusteredSchedulingTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private static WebApplicationFactory<Program> Node(string connectionString, bool enabled, string rollupCron = "0 0 2 6 * ?",
        string reminderCron = "0 9 4 * *") =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:Investment", connectionString);
            builder.UseSetting("Database:MigrateOnStartup", "false");
            builder.UseSetting("Scheduling:Enabled", enabled ? "true" : "false");
            builder.UseSetting("Scheduling:MonthlyRollupCron", rollupCron);
            builder.UseSetting("Scheduling:ReminderCron", reminderCron);
            builder.UseSetting("Admin:Email", ApiFixture.AdminEmail);
            builder.UseSetting("Admin:Password", AdminPassword);
        });

    private static readonly string AdminPassword = Investment.Api.Features.Auth.AccountBootstrap.NewPassword();

    /// <summary>Starts the node and signs in as the administrator both nodes create (scheduled jobs are theirs to see).</summary>
    private static async Task<HttpClient> StartAsync(WebApplicationFactory<Program> node)
    {
        var client = node.CreateClient();
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var tokens = await ApiFixture.LoginAsync(client, ApiFixture.AdminEmail, AdminPassword);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
        return client;
    }

    [Fact]
    public async Task TwoInstancesOnOneDatabase_RunARequestedRollupOnce()
    {
        await OnDatabaseAsync(seeded: true, async database =>
        {
        await using var nodeA = Node(database, enabled: false);
        await using var nodeB = Node(database, enabled: false);
        var clientA = await StartAsync(nodeA);
        var clientB = await StartAsync(nodeB);
        // Every instance is a Hangfire server: one for the default queue and one for exports, each.
        Assert.Equal(["default 4", "default 4", "exports 2", "exports 2"], await JobPolling.QueryAsync(database,
            "select (data::json->'Queues'->>0) || ' ' || (data::json->>'WorkerCount') from hangfire.server order by 1"));

        var accepted = await (await clientA.PostJsonAsync("/api/v1/rollups", new { period = "2023-12" })).ReadAsync<JsonElement>(HttpStatusCode.Accepted);
        var id = accepted.GetProperty("id").GetString()!;
        var job = await JobPolling.WaitAsync(clientB, $"/api/v1/jobs/{id}");

        JobPolling.AssertSucceeded(job);
        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
        Assert.Equal(ApiFixture.AdminEmail, job.GetProperty("createdBy").GetString());
        Assert.Equal([id], await JobPolling.QueryAsync(database, "select job_id from rollup_runs"));
        // One Hangfire job, taken by one worker of one instance, performed once.
        Assert.Equal(["Enqueued", "Processing", "Succeeded"], await JobPolling.HangfireStatesAsync(database, id));
        });
    }

    [Fact]
    public async Task RollupsOfTwoPeriods_RunOneAtATimeInTheCluster()
    {
        await OnDatabaseAsync(seeded: true, async database =>
        {
        await using var nodeA = Node(database, enabled: false);
        await using var nodeB = Node(database, enabled: false);
        var clientA = await StartAsync(nodeA);
        var clientB = await StartAsync(nodeB);

        // The first roll-up waits inside its run, on a table the test holds.
        string first;
        string second;
        await using (var blocker = await Blocker.HoldAsync(database, "lock table rollup_rows in share mode"))
        {
            first = (await (await clientA.PostJsonAsync("/api/v1/rollups", new { period = "2023-12" })).ReadAsync<JsonElement>(HttpStatusCode.Accepted))
                .GetProperty("id").GetString()!;
            await Sessions.WaitForWaiterAsync(database, blocker, () => "");
            second = (await (await clientB.PostJsonAsync("/api/v1/rollups", new { period = "2023-11" })).ReadAsync<JsonElement>(HttpStatusCode.Accepted))
                .GetProperty("id").GetString()!;

            // The second, whichever instance took it, waits for the first to finish, still queued.
            await WaitForAsync(async () => (await JobPolling.QueryAsync(database,
                "select count(*) from pg_locks where locktype = 'advisory' and classid = 7240412 and not granted")).Single() == "1");
            Assert.Equal(["running", "queued"], await JobPolling.QueryAsync(database,
                $"select status from jobs where id in ('{first}', '{second}') order by created_at"));
            await blocker.ReleaseAsync();
        }

        JobPolling.AssertSucceeded(await JobPolling.WaitAsync(clientA, $"/api/v1/jobs/{first}"));
        JobPolling.AssertSucceeded(await JobPolling.WaitAsync(clientA, $"/api/v1/jobs/{second}"));
        Assert.Equal(["True"], await JobPolling.QueryAsync(database,
            $"select (select started_at from jobs where id = '{second}') >= (select finished_at from jobs where id = '{first}')"));
        });
    }

    [Fact]
    public async Task MissedMonthlyOccurrences_EachRunOnceForItsOwnMonth_OnTwoInstances()
    {
        await OnDatabaseAsync(seeded: false, async database =>
        {
        await using var nodeA = Node(database, enabled: true);
        await using var nodeB = Node(database, enabled: true);
        var client = await StartAsync(nodeA);
        await StartAsync(nodeB);
        // The last two occurrences of 02:00 on the 6th, Shanghai time, before now.
        var latest = OccurrencesBefore(DateTimeOffset.UtcNow).First();
        var earlier = OccurrencesBefore(latest).First();
        // As if no instance had been up for them: last run a second before the earlier one, the next one due since.
        await JobPolling.ExecuteAsync(database, $"""
            insert into hangfire.hash (key, field, value)
            values ('recurring-job:{MonthlyRollupJob.RecurringJobId}', 'LastExecution', '{earlier.AddSeconds(-1).ToUnixTimeMilliseconds()}'),
                   ('recurring-job:{MonthlyRollupJob.RecurringJobId}', 'NextExecution', '{earlier.ToUnixTimeMilliseconds()}')
            on conflict (key, field) do update set value = excluded.value;
            update hangfire.set set score = {earlier.ToUnixTimeSeconds()} where key = 'recurring-jobs' and value = '{MonthlyRollupJob.RecurringJobId}';
            """);

        await WaitForAsync(async () => (await JobPolling.QueryAsync(database,
            "select count(*) from jobs where kind = 'rollup' and status = 'succeeded'")).Single() == "2",
            () => JobPolling.QueryAsync(database, """
                select 'job ' || status || ' ' || parameters::text || ' ' || coalesce(error, '') from jobs
                union all select 'hash ' || field || '=' || coalesce(value, '') from hangfire.hash where key like 'recurring-job:monthly%'
                union all select 'hangfire ' || j.id || ' ' || coalesce(j.statename, '') from hangfire.job j
                """));
        var list = await (await client.GetAsync("/api/v1/jobs?kind=rollup")).ReadAsync<JsonElement>();
        var jobs = list.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(
            new[] { earlier, latest }.Select(PreviousMonth).OrderDescending(),
            jobs.Select(j => j.GetProperty("parameters").GetProperty("period").GetString()!).OrderDescending());
        Assert.All(jobs, j => Assert.Equal("scheduler", j.GetProperty("createdBy").GetString()));
        Assert.All(jobs, j => Assert.Equal(1, j.GetProperty("attempts").GetInt32()));
        Assert.Equal(["2"], await JobPolling.QueryAsync(database, "select count(*) from rollup_runs"));
        });
    }

    [Fact]
    public async Task RecurringJobs_StoredInShanghaiTimeWithTheirNextRun_AndTakenOutWhenSchedulingIsDisabled()
    {
        await OnDatabaseAsync(seeded: false, async database =>
        {
        await using (var enabled = Node(database, enabled: true))
        {
            await StartAsync(enabled);
            using var connection = enabled.Services.GetRequiredService<JobStorage>().GetConnection();
            var stored = connection.GetRecurringJobs().ToDictionary(j => j.Id);
            Assert.Equal([DeleteExpiredExportFilesJob.RecurringJobId, MissingReportsReminderJob.RecurringJobId, MonthlyRollupJob.RecurringJobId],
                stored.Keys.Order());
            var rollup = stored[MonthlyRollupJob.RecurringJobId];
            // The Quartz expression the key held before, converted.
            Assert.Equal("0 2 6 * *", rollup.Cron);
            Assert.Equal(Shanghai.Id, rollup.TimeZoneId);
            Assert.Equal("default", rollup.Queue);
            Assert.Equal(OccurrencesAfter(DateTimeOffset.UtcNow).First().UtcDateTime, rollup.NextExecution);
            Assert.Equal("0 9 4 * *", stored[MissingReportsReminderJob.RecurringJobId].Cron);
            Assert.Equal("20 * * * *", stored[DeleteExpiredExportFilesJob.RecurringJobId].Cron);
            Assert.All(stored.Values, j => Assert.Equal(Shanghai.Id, j.TimeZoneId));
        }

        await using var disabled = Node(database, enabled: false);
        await StartAsync(disabled);
        using var after = disabled.Services.GetRequiredService<JobStorage>().GetConnection();
        Assert.Empty(after.GetRecurringJobs());
        });
    }

    [Fact]
    public async Task ExportCleanup_WhenItRuns_DeletesTheExpiredFilesOnly()
    {
        await OnDatabaseAsync(seeded: false, async database =>
        {
        var expired = Guid.NewGuid();
        var current = Guid.NewGuid();
        await JobPolling.ExecuteAsync(database, $"""
            insert into jobs (id, kind, status) values ('{expired}', 'export', 'succeeded'), ('{current}', 'export', 'succeeded');
            insert into export_files (job_id, file_name, ascii_file_name, content_type, size_bytes, row_count, content, created_at, expires_at)
            values ('{expired}', '旧.xlsx', 'old.xlsx', 'application/octet-stream', 1, 0, '\x00', now() - interval '8 days', now() - interval '1 minute'),
                   ('{current}', '新.xlsx', '新.xlsx', 'application/octet-stream', 1, 0, '\x00', now(), now() + interval '7 days');
            """);

        await using var node = Node(database, enabled: true);
        await StartAsync(node);
        // Run now rather than at :20 past the hour: what the dashboard's "trigger now" would do.
        Assert.NotNull(node.Services.GetRequiredService<IRecurringJobManagerV2>().TriggerJob(DeleteExpiredExportFilesJob.RecurringJobId));

        await WaitForAsync(async () => (await JobPolling.QueryAsync(database, $"select count(*) from export_files where job_id = '{expired}'")).Single() == "0");
        Assert.Equal([current.ToString()], await JobPolling.QueryAsync(database, "select job_id from export_files"));
        });
    }

    [Fact]
    public async Task ACronThatWouldRunAtAnotherTime_StopsStartUp_NamingTheKey()
    {
        await OnDatabaseAsync(seeded: false, async database =>
        {
        var settings = AppProcess.Settings(database);
        settings["Scheduling__Enabled"] = "true";
        // Quartz's 2 is Monday; Hangfire's would be Tuesday.
        settings["Scheduling__ReminderCron"] = "0 0 9 ? * 2";
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => AppProcess.StartAsync(settings));
        Assert.Contains("exited with code 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("Investment cannot start: Scheduling:ReminderCron: '0 0 9 ? * 2'", error.Message, StringComparison.Ordinal);
        });
    }

    /// <summary>A database of the test's own, dropped afterwards.</summary>
    private static async Task OnDatabaseAsync(bool seeded, Func<string, Task> test)
    {
        var database = await TestCluster.CreateDatabaseAsync(seeded);
        try
        {
            await test(database);
        }
        finally
        {
            await TestCluster.DropDatabaseAsync(database);
        }
    }

    /// <summary>02:00 on the 6th in Shanghai, going back month by month from <paramref name="before"/> (exclusive).</summary>
    private static IEnumerable<DateTimeOffset> OccurrencesBefore(DateTimeOffset before)
    {
        var local = TimeZoneInfo.ConvertTime(before, Shanghai);
        for (var month = new DateTime(local.Year, local.Month, 6, 2, 0, 0, DateTimeKind.Unspecified); ; month = month.AddMonths(-1))
        {
            var at = new DateTimeOffset(month, Shanghai.GetUtcOffset(month));
            if (at < before)
            {
                yield return at;
            }
        }
    }

    private static IEnumerable<DateTimeOffset> OccurrencesAfter(DateTimeOffset after)
    {
        var local = TimeZoneInfo.ConvertTime(after, Shanghai);
        for (var month = new DateTime(local.Year, local.Month, 6, 2, 0, 0, DateTimeKind.Unspecified); ; month = month.AddMonths(1))
        {
            var at = new DateTimeOffset(month, Shanghai.GetUtcOffset(month));
            if (at > after)
            {
                yield return at;
            }
        }
    }

    private static string PreviousMonth(DateTimeOffset occurrence) =>
        TimeZoneInfo.ConvertTime(occurrence, Shanghai).AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static async Task WaitForAsync(Func<Task<bool>> condition, Func<Task<List<string>>>? describe = null)
    {
        var deadline = DateTime.UtcNow + JobPolling.Timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("The condition never came true." + (describe is null ? "" : Environment.NewLine + string.Join(Environment.NewLine, await describe())));
            }
            await Task.Delay(100);
        }
    }
}
