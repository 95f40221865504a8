using Investment.Api.Data;
using Investment.Api.Features.Exports;
using Investment.Api.Features.Jobs;
using Investment.Api.Features.Rollups;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;

namespace Investment.Api.Scheduling;

/// <summary>Scheduling settings, bound from the "Scheduling" section; the time zone comes from Bureau:TimeZone.</summary>
public sealed class SchedulingSettings
{
    /// <summary>Whether the recurring jobs are scheduled. Queued jobs (POST → 202) run either way.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Quartz cron (seconds first) of the monthly roll-up of the previous month, in the bureau's time zone.</summary>
    public string MonthlyRollupCron { get; set; } = "0 0 2 6 * ?";

    /// <summary>Quartz cron of the missing-reports reminder for the previous month, in the bureau's time zone.</summary>
    public string ReminderCron { get; set; } = "0 0 9 4 * ?";

    /// <summary>Quartz cron of the deletion of expired export files (Exports:FileRetention), in the bureau's time zone.</summary>
    public string ExportCleanupCron { get; set; } = "0 20 * * * ?";

    /// <summary>The zone cron expressions and "the previous month" are read in.</summary>
    public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>How often each node records in the store that it is alive (Quartz's default, 7.5 s).</summary>
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(7.5);

    /// <summary>
    /// How late past its check-in interval a node may be before the others count it dead and re-run its interrupted
    /// recoverable firings: a node that dies is noticed about interval + threshold after its last check-in.
    /// </summary>
    public TimeSpan ClusterCheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(7.5);
}

public static class SchedulingSetup
{
    /// <summary>Execution group of a queued job's firings; the limits below cap how many of one kind run at once.</summary>
    public static string ExecutionGroupOf(string kind) => $"jobs:{kind}";

    /// <summary>
    /// Quartz 4 on a persistent, clustered store in our own PostgreSQL database: every API instance runs a scheduler,
    /// and each firing is taken by exactly one of them. Quartz creates its qrtz_* tables at start when they are missing.
    /// Call after AddInvestmentDatabase: hosted services start in order, and the connection string is only known once
    /// DatabaseStartup has run.
    /// </summary>
    public static IServiceCollection AddScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SchedulingSettings>().Bind(configuration.GetSection("Scheduling"))
            .PostConfigure(s => s.TimeZone = TimeZoneInfo.FindSystemTimeZoneById(configuration["Bureau:TimeZone"] ?? "Asia/Shanghai"));
        services.AddSingleton<SchedulerDataSource>();
        services.AddScoped<JobQueue>();
        var exports = configuration.GetSection("Exports").Get<ExportSettings>() ?? new ExportSettings();

        // Read here, not through the options: the store is configured while the services are being registered.
        var cluster = new SchedulingSettings();
        configuration.GetSection("Scheduling").Bind(cluster);
        services.AddQuartz(q =>
        {
            // No UseTimeProvider: the job store reads the container's TimeProvider whatever the scheduler is given, and a
            // scheduler and store on different clocks never find a trigger due. Both follow the application's clock.
            q.UsePersistentStore(store =>
            {
                store.UsePostgres(ds => ds.DataSourceFactory = sp => sp.GetRequiredService<SchedulerDataSource>().Get());
                store.UseClustering(c =>
                {
                    c.CheckinInterval = cluster.ClusterCheckinInterval;
                    c.CheckinMisfireThreshold = cluster.ClusterCheckinMisfireThreshold;
                });
                store.ProvisionSchema();
                store.UseSystemTextJsonSerializer();
            });
            // One roll-up and one reminder at a time across the cluster (two periods would compete for the same CPU and
            // tables for nothing); other kinds are not limited. A group, not [DisallowConcurrentExecution]: every one-off
            // firing of RunQueuedJob hangs off the same job key, so that attribute would serialise all queued work.
            // Exports are limited per node instead: each holds a sheet's CPU and memory on the node writing it, and
            // other nodes may take the rest.
            q.UseExecutionLimits(limits => limits
                .ForGroup(ExecutionGroupOf(JobKinds.Rollup), 1, ExecutionLimitScope.Cluster)
                .ForGroup(ExecutionGroupOf(JobKinds.MissingReportsReminder), 1, ExecutionLimitScope.Cluster)
                .ForGroup(ExecutionGroupOf(JobKinds.Export), exports.MaxConcurrentJobsPerNode, ExecutionLimitScope.Node));
            // Registered so a dependency they cannot be given fails at start-up rather than at the first firing.
            q.AddJobType<RunQueuedJob>();
            q.AddJobType<MonthlyRollupJob>();
            q.AddJobType<MissingReportsReminderJob>();
            q.AddJobType<DeleteExpiredExportFilesJob>();
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        services.AddHostedService<RecurringSchedules>();
        return services;
    }
}

/// <summary>
/// Puts the recurring jobs into the store, or takes them out when Scheduling:Enabled is false: the store keeps triggers
/// across restarts, so merely not declaring them would leave the last ones firing. Runs after Quartz's hosted service
/// has built the scheduler and before it starts firing (that waits for the application to have started). Set the
/// keys alike on every node: the last node to start wins.
/// </summary>
internal sealed class RecurringSchedules(ISchedulerFactory schedulers, IOptions<SchedulingSettings> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await PutAsync<MonthlyRollupJob>(scheduler, MonthlyRollupJob.Key, settings.MonthlyRollupCron, settings, cancellationToken);
        await PutAsync<MissingReportsReminderJob>(scheduler, MissingReportsReminderJob.Key, settings.ReminderCron, settings, cancellationToken);
        await PutAsync<DeleteExpiredExportFilesJob>(scheduler, DeleteExpiredExportFilesJob.Key, settings.ExportCleanupCron, settings,
            cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task PutAsync<TJob>(IScheduler scheduler, JobKey key, string cron, SchedulingSettings settings, CancellationToken ct)
        where TJob : IJob
    {
        if (!settings.Enabled)
        {
            await scheduler.DeleteJob(key, ct);
            return;
        }
        var triggerKey = new TriggerKey(key.Name, key.Group);
        if (await scheduler.GetTrigger(triggerKey, ct) is ICronTrigger stored
            && stored.CronExpressionString == cron && stored.TimeZone.Id == settings.TimeZone.Id)
        {
            // Unchanged: keep the stored trigger, whose history lets a firing missed while no node was up still run.
            return;
        }
        // Durable and recoverable: a node that dies mid-run hands the firing to another. A firing missed because no node
        // was up (a deployment at 02:00 on the 6th) runs once as soon as one is.
        var job = JobBuilder.Create<TJob>().WithIdentity(key).StoreDurably().RequestRecovery().Build();
        var trigger = TriggerBuilder.Create(scheduler.TimeProvider).ForJob(key).WithIdentity(triggerKey)
            .WithCronSchedule(cron, c => c.InTimeZone(settings.TimeZone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
            .Build();
        await scheduler.ScheduleJob(job, [trigger], ScheduleJobOptions.Replacing, ct);
    }
}

/// <summary>
/// The data source Quartz's store reads and writes through, built from the connection string DatabaseStartup settles
/// on (it may start a private cluster first), and disposed with the container.
/// </summary>
internal sealed class SchedulerDataSource(DatabaseConnection connection) : IAsyncDisposable
{
    private NpgsqlDataSource? _dataSource;

    public NpgsqlDataSource Get() => _dataSource ??= NpgsqlDataSource.Create(connection.ConnectionString);

    public async ValueTask DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }
}
