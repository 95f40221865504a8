using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Common;
using Hangfire.PostgreSql;
using Job = Hangfire.Common.Job;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Exports;
using Investment.Api.Features.Jobs;
using Investment.Api.Features.Rollups;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Investment.Api.Scheduling;

/// <summary>Scheduling settings, bound from the "Scheduling" section; the time zone is Bureau:TimeZone's.</summary>
public sealed class SchedulingSettings
{
    /// <summary>Whether the recurring jobs are scheduled. Queued jobs (POST → 202) run either way.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Cron (five fields) of the monthly roll-up of the previous month, in the bureau's time zone.</summary>
    public string MonthlyRollupCron { get; set; } = "0 2 6 * *";

    /// <summary>Cron of the missing-reports reminder for the previous month, in the bureau's time zone.</summary>
    public string ReminderCron { get; set; } = "0 9 4 * *";

    /// <summary>Cron of the deletion of expired export files (Exports:FileRetention), in the bureau's time zone.</summary>
    public string ExportCleanupCron { get; set; } = "20 * * * *";
}

public static class SchedulingSetup
{
    /// <summary>The PostgreSQL schema Hangfire keeps its tables in, next to ours in the application's database.</summary>
    public const string StorageSchema = "hangfire";

    /// <summary>Workers of each instance taking the default queue (roll-ups, reminders, recurring jobs).</summary>
    public const int DefaultQueueWorkers = 4;

    /// <summary>
    /// How often an idle worker asks the database for a job another instance queued (jobs queued on the same instance
    /// wake its workers at once). Hangfire.PostgreSql's default is 15 s; a request should start within a second.
    /// </summary>
    public static readonly TimeSpan QueuePollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How long a job taken by an instance stays invisible to the others. With the sliding timeout the running
    /// instance keeps renewing it, so a long roll-up is never taken twice, and a dead instance's job is taken by
    /// another about a minute after its last renewal.
    /// </summary>
    public static readonly TimeSpan InvisibilityTimeout = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Hangfire on PostgreSQL (Hangfire.PostgreSql, schema "hangfire" of our own database): every API instance runs
    /// job servers — one for the default queue, one for the exports queue with Exports:MaxConcurrentJobsPerNode
    /// workers — and each queued job is taken by exactly one worker of one instance. Call after
    /// AddInvestmentDatabase: hosted services start in order, and the connection string is only known once
    /// DatabaseStartup has run.
    /// </summary>
    public static IServiceCollection AddScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SchedulingSettings>().Bind(configuration.GetSection("Scheduling"));
        services.AddQueuedJobs();
        var exports = configuration.GetSection("Exports").Get<ExportSettings>() ?? new ExportSettings();

        // Registered before AddHangfire, which then keeps them: Hangfire's defaults are process-wide statics, and each
        // app instance (tests run several in one process) needs its own storage, container and filters.
        services.AddSingleton<JobStorage>(sp => new PostgreSqlStorage(
            new JobStorageConnections(sp.GetRequiredService<DatabaseConnection>()), StorageOptions()));
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddSingleton<IJobFilterProvider>(_ => new JobFilterProviderCollection(Filters(), new JobFilterAttributeFilterProvider()));
        services.AddHangfire((provider, config) => config
            .UseLogProvider(new HangfireLogging(provider.GetRequiredService<ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());

        // Before the servers: their schema must be there when they start taking jobs.
        services.AddHostedService<JobStorageSchema>();
        services.AddHangfireServer(o =>
        {
            o.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}:{JobQueues.Default}";
            o.Queues = [JobQueues.Default];
            o.WorkerCount = DefaultQueueWorkers;
            // Retries and missed recurring occurrences are looked for this often (Hangfire's default: 15 s).
            o.SchedulePollingInterval = TimeSpan.FromSeconds(1);
        });
        // Export jobs hold a sheet's CPU and memory on the instance writing it: limited per instance, by its workers.
        services.AddHangfireServer(o =>
        {
            o.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}:{JobQueues.Exports}";
            o.Queues = [JobQueues.Exports];
            o.WorkerCount = exports.MaxConcurrentJobsPerNode;
            o.SchedulePollingInterval = TimeSpan.FromSeconds(1);
        });
        services.AddHostedService<RecurringSchedules>();
        return services;
    }

    public static PostgreSqlStorageOptions StorageOptions() => new()
    {
        SchemaName = StorageSchema,
        // JobStorageSchema installs it at start-up, after the migrations and under their lock.
        PrepareSchemaIfNecessary = false,
        QueuePollInterval = QueuePollInterval,
        InvisibilityTimeout = InvisibilityTimeout,
        UseSlidingInvisibilityTimeout = true,
        // Polling, not LISTEN: the long-polling connection is not re-established after PostgreSQL restarts.
        EnableLongPolling = false,
        // A lock (a recurring job's, the scheduler's) left by a dead instance is free again after this.
        DistributedLockTimeout = TimeSpan.FromMinutes(1),
    };

    /// <summary>Hangfire's global filters, but with our retry rule in place of its default (ten retries on any exception).</summary>
    private static JobFilterCollection Filters()
    {
        var filters = new JobFilterCollection();
        filters.Add(RunQueuedJob.RetryRule());
        filters.Add(new StatisticsHistoryAttribute());
        filters.Add(new ContinuationsSupportAttribute());
        return filters;
    }

    /// <summary>
    /// Creates or upgrades Hangfire's schema with Hangfire.PostgreSql's own versioned scripts (its table "schema" holds
    /// the version), under the migration runner's lock so instances starting together do not race.
    /// </summary>
    public static async Task InstallStorageSchemaAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using (var wait = new NpgsqlCommand($"select pg_advisory_lock({MigrationRunner.AdvisoryLockKey})", connection))
        {
            await wait.ExecuteNonQueryAsync(ct);
        }
        try
        {
            PostgreSqlObjectsInstaller.Install(connection, StorageSchema);
        }
        finally
        {
            await using var release = new NpgsqlCommand($"select pg_advisory_unlock({MigrationRunner.AdvisoryLockKey})", connection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}

/// <summary>Connections of Hangfire's storage, to the database DatabaseStartup settles on, in a pool of their own.</summary>
internal sealed class JobStorageConnections(DatabaseConnection database) : IConnectionFactory
{
    /// <summary>How Hangfire's sessions are named in pg_stat_activity.</summary>
    public const string ApplicationName = "investment-jobs";

    private string? _connectionString;

    public NpgsqlConnection GetOrCreateConnection() =>
        new(_connectionString ??= new NpgsqlConnectionStringBuilder(database.ConnectionString) { ApplicationName = ApplicationName }.ConnectionString);
}

/// <summary>Installs Hangfire's schema once the database is there (DatabaseStartup, registered earlier, has run).</summary>
internal sealed class JobStorageSchema(DatabaseConnection database) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        SchedulingSetup.InstallStorageSchemaAsync(database.ConnectionString, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// Puts the recurring jobs into the storage with their cron in the bureau's time zone, or takes them out when
/// Scheduling:Enabled is false: the storage keeps them across restarts, so merely not declaring them would leave the
/// last ones running. A cron that is not valid stops start-up, naming its key. Set the keys alike on every instance:
/// the last one to start wins.
/// </summary>
internal sealed class RecurringSchedules(IRecurringJobManager recurring, IOptions<SchedulingSettings> options, BureauClock clock) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        // Checked whether or not scheduling is on, so a bad value never waits for the day it is switched on.
        var rollup = SchedulingCron.ToHangfire("Scheduling:MonthlyRollupCron", settings.MonthlyRollupCron);
        var reminder = SchedulingCron.ToHangfire("Scheduling:ReminderCron", settings.ReminderCron);
        var cleanup = SchedulingCron.ToHangfire("Scheduling:ExportCleanupCron", settings.ExportCleanupCron);
        if (!settings.Enabled)
        {
            recurring.RemoveIfExists(MonthlyRollupJob.RecurringJobId);
            recurring.RemoveIfExists(MissingReportsReminderJob.RecurringJobId);
            recurring.RemoveIfExists(DeleteExpiredExportFilesJob.RecurringJobId);
            return Task.CompletedTask;
        }
        // Strict: a month missed while no instance was up (a deployment at 02:00 on the 6th) still gets its own
        // roll-up and reminder, each for its own month, as soon as an instance is up. The clean-up catches up once.
        Put(MonthlyRollupJob.RecurringJobId, "Scheduling:MonthlyRollupCron", rollup, MisfireHandlingMode.Strict,
            Job.FromExpression<MonthlyRollupJob>(j => j.RunAsync(null, CancellationToken.None), JobQueues.Default));
        Put(MissingReportsReminderJob.RecurringJobId, "Scheduling:ReminderCron", reminder, MisfireHandlingMode.Strict,
            Job.FromExpression<MissingReportsReminderJob>(j => j.RunAsync(null, CancellationToken.None), JobQueues.Default));
        Put(DeleteExpiredExportFilesJob.RecurringJobId, "Scheduling:ExportCleanupCron", cleanup, MisfireHandlingMode.Relaxed,
            Job.FromExpression<DeleteExpiredExportFilesJob>(j => j.RunAsync(CancellationToken.None), JobQueues.Default));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Put(string id, string key, string cron, MisfireHandlingMode misfires, Job job)
    {
        try
        {
            recurring.AddOrUpdate(id, job, cron, new RecurringJobOptions { TimeZone = clock.Zone, MisfireHandling = misfires });
        }
        catch (ArgumentException e) when (e.ParamName == "cronExpression")
        {
            throw new SchedulingConfigurationException($"{key}: '{cron}' is not a cron expression Hangfire reads ({e.InnerException?.Message}).");
        }
    }
}
