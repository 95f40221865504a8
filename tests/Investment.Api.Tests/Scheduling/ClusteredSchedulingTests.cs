using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using Investment.Api.Features.Exports;
using Investment.Api.Features.Rollups;
using Investment.Api.Tests.Features.Jobs;
using Investment.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Investment.Api.Tests.Scheduling;

/// <summary>Real schedulers on one database, as two API instances behind a load balancer would run them.</summary>
public sealed class ClusteredSchedulingTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private const string Never = "0 0 0 1 1 ? 2099";

    /// <summary>Counts executions of the monthly roll-up job per scheduled fire time, across every node in the process.</summary>
    private sealed class FiringCounter : IJobListener
    {
        public ConcurrentDictionary<DateTimeOffset, int> Runs { get; } = new();

        public string Name => "test-firing-counter";

        public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
        {
            Runs.AddOrUpdate(context.ScheduledFireTimeUtc ?? context.FireTimeUtc, 1, (_, n) => n + 1);
            return ValueTask.CompletedTask;
        }
    }

    private static WebApplicationFactory<Program> Node(
        string connectionString, bool enabled, string rollupCron, FiringCounter? counter = null, string exportCleanupCron = Never) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:Investment", connectionString);
            builder.UseSetting("Database:MigrateOnStartup", "false");
            builder.UseSetting("Scheduling:Enabled", enabled ? "true" : "false");
            builder.UseSetting("Scheduling:MonthlyRollupCron", rollupCron);
            builder.UseSetting("Scheduling:ReminderCron", Never);
            builder.UseSetting("Scheduling:ExportCleanupCron", exportCleanupCron);
            builder.UseSetting("Admin:Email", ApiFixture.AdminEmail);
            builder.UseSetting("Admin:Password", AdminPassword);
            builder.ConfigureServices(services =>
            {
                // Real time: the schedulers must see the minute come round.
                if (counter is not null)
                {
                    services.ConfigureAllQuartzSchedulers(q => q.AddJobListener(counter, [Matchers.Key(MonthlyRollupJob.Key)]));
                }
            });
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
    public async Task TwoInstancesOnOneDatabase_EachRecurringFiringRunsOnce()
    {
        var database = await TestCluster.CreateDatabaseAsync(seeded: false);
        try
        {
            // Every minute at a second a few seconds from now, so both nodes are up when it comes round.
            var at = DateTimeOffset.UtcNow.AddSeconds(12).Second;
            var counter = new FiringCounter();
            await using var nodeA = Node(database, enabled: true, $"{at} * * * * ?", counter);
            await using var nodeB = Node(database, enabled: true, $"{at} * * * * ?", counter);
            var client = await StartAsync(nodeA);
            await StartAsync(nodeB);

            var schedulerA = await nodeA.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            var schedulerB = await nodeB.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            Assert.NotEqual(schedulerA.SchedulerInstanceId, schedulerB.SchedulerInstanceId);
            Assert.True((await schedulerA.GetMetadata()).JobStoreClustered);

            // Wait for a firing's roll-up to finish, then give a duplicate firing time to show up.
            var deadline = DateTime.UtcNow + JobPolling.Timeout;
            JsonElement[] jobs;
            do
            {
                Assert.True(DateTime.UtcNow < deadline, "The recurring roll-up never fired.");
                await Task.Delay(250);
                var list = await (await client.GetAsync("/api/v1/jobs?kind=rollup")).ReadAsync<JsonElement>();
                jobs = list.GetProperty("items").EnumerateArray().ToArray();
            }
            while (jobs.Length == 0 || jobs.Any(j => j.GetProperty("status").GetString() != "succeeded"));
            await Task.Delay(TimeSpan.FromSeconds(3));

            // Each scheduled firing ran on exactly one node, and queued exactly one roll-up of the previous month.
            Assert.NotEmpty(counter.Runs);
            Assert.All(counter.Runs, run => Assert.Equal(1, run.Value));
            var firedFor = counter.Runs.Keys.Min();
            var expected = ReportingMonthOf(firedFor).AddMonths(-1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
            var rollups = await (await client.GetAsync("/api/v1/jobs?kind=rollup")).ReadAsync<JsonElement>();
            Assert.Equal(counter.Runs.Count, rollups.GetProperty("items").GetArrayLength());
            var job = rollups.GetProperty("items").EnumerateArray().Last();
            Assert.Equal(expected, job.GetProperty("parameters").GetProperty("period").GetString());
            Assert.Equal("scheduler", job.GetProperty("createdBy").GetString());
            Assert.Equal(1, job.GetProperty("attempts").GetInt32());
            Assert.Equal([counter.Runs.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                await JobPolling.QueryAsync(database, "select count(*) from rollup_runs"));
        }
        finally
        {
            await TestCluster.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task SchedulingDisabled_TakesTheStoredRecurringJobsOut()
    {
        var database = await TestCluster.CreateDatabaseAsync(seeded: false);
        try
        {
            await using (var enabled = Node(database, enabled: true, "0 0 2 6 * ?"))
            {
                await StartAsync(enabled);
                var scheduler = await enabled.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
                var trigger = Assert.IsAssignableFrom<ICronTrigger>(await scheduler.GetTrigger(new TriggerKey(MonthlyRollupJob.Key.Name, MonthlyRollupJob.Key.Group)));
                Assert.Equal("0 0 2 6 * ?", trigger.CronExpressionString);
                Assert.Equal(Shanghai.Id, trigger.TimeZone.Id);
                Assert.True((await scheduler.GetJobDetail(MonthlyRollupJob.Key))!.RequestsRecovery);
                Assert.True(await scheduler.Exists(DeleteExpiredExportFilesJob.Key));
            }

            await using var disabled = Node(database, enabled: false, "0 0 2 6 * ?");
            await StartAsync(disabled);
            var restarted = await disabled.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            Assert.False(await restarted.Exists(MonthlyRollupJob.Key));
            Assert.False(await restarted.Exists(MissingReportsReminderJob.Key));
            Assert.False(await restarted.Exists(DeleteExpiredExportFilesJob.Key));
        }
        finally
        {
            await TestCluster.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task ExportCleanup_OnItsSchedule_DeletesTheExpiredFilesOnly()
    {
        var database = await TestCluster.CreateDatabaseAsync(seeded: false);
        try
        {
            var expired = Guid.NewGuid();
            var current = Guid.NewGuid();
            await JobPolling.ExecuteAsync(database, $"""
                insert into jobs (id, kind, status) values ('{expired}', 'export', 'succeeded'), ('{current}', 'export', 'succeeded');
                insert into export_files (job_id, file_name, ascii_file_name, content_type, size_bytes, row_count, content, created_at, expires_at)
                values ('{expired}', '旧.xlsx', 'old.xlsx', 'application/octet-stream', 1, 0, '\x00', now() - interval '8 days', now() - interval '1 minute'),
                       ('{current}', '新.xlsx', 'new.xlsx', 'application/octet-stream', 1, 0, '\x00', now(), now() + interval '7 days');
                """);

            // Every second, on real time.
            await using var node = Node(database, enabled: true, Never, exportCleanupCron: "* * * * * ?");
            await StartAsync(node);
            var scheduler = await node.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            var trigger = Assert.IsAssignableFrom<ICronTrigger>(
                await scheduler.GetTrigger(new TriggerKey(DeleteExpiredExportFilesJob.Key.Name, DeleteExpiredExportFilesJob.Key.Group)));
            Assert.Equal("* * * * * ?", trigger.CronExpressionString);

            var deadline = DateTime.UtcNow + JobPolling.Timeout;
            while ((await JobPolling.QueryAsync(database, $"select count(*) from export_files where job_id = '{expired}'")).Single() != "0")
            {
                Assert.True(DateTime.UtcNow < deadline, "The clean-up job never deleted the expired file.");
                await Task.Delay(250);
            }
            Assert.Equal([current.ToString()], await JobPolling.QueryAsync(database, "select job_id from export_files"));
        }
        finally
        {
            await TestCluster.DropDatabaseAsync(database);
        }
    }

    private static DateTime ReportingMonthOf(DateTimeOffset utc)
    {
        var local = TimeZoneInfo.ConvertTime(utc, Shanghai);
        return new DateTime(local.Year, local.Month, 1, 0, 0, 0, DateTimeKind.Unspecified);
    }
}
