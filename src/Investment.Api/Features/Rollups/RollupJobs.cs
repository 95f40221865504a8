using Hangfire.Server;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Jobs;
using Investment.Domain;

namespace Investment.Api.Features.Rollups;

/// <summary>Parameters of a roll-up or reminder job: the period, "yyyy-MM".</summary>
public sealed record PeriodParameters(string Period)
{
    public ReportingMonth Parse() => ReportingMonth.TryParse(Period, out var month)
        ? month
        : throw new JobFailedException(new($"'{Period}' is not a period in the form yyyy-MM.", $"“{Period}”不是yyyy-MM格式的月份。"));
}

internal sealed class RollupJobHandler(PeriodRollup rollup, CallerContext caller) : IQueuedJobHandler
{
    public async Task<object?> RunAsync(QueuedJobContext job, CancellationToken ct) =>
        await rollup.RunAsync(job.ParametersAs<PeriodParameters>().Parse(), job.Id, caller.Current.Actor, job.ReportProgressAsync, ct);
}

/// <summary>The list holds only sections the job's starter may see (all of them for a scheduled run).</summary>
internal sealed class MissingReportsJobHandler(InvestmentDb db, CallerScope scope) : IQueuedJobHandler
{
    public async Task<object?> RunAsync(QueuedJobContext job, CancellationToken ct) =>
        await MissingReports.FindAsync(db, scope.Sections, job.ParametersAs<PeriodParameters>().Parse(), ct);
}

/// <summary>
/// Recurring (Scheduling:MonthlyRollupCron): the roll-up of the month before the occurrence, in the bureau's time zone,
/// recorded as a job resource like the one a POST starts, so clients can follow it.
/// </summary>
public sealed class MonthlyRollupJob(InvestmentDb db, RunQueuedJob runner, BureauClock clock, ILogger<MonthlyRollupJob> logger)
{
    public const string RecurringJobId = "monthly-rollup";

    public Task RunAsync(PerformContext? context, CancellationToken cancellationToken) =>
        RecurringJobs.RunForPreviousMonthAsync(context, RecurringJobId, JobKinds.Rollup, db, runner, clock, logger, cancellationToken);
}

/// <summary>Recurring (Scheduling:ReminderCron): the missing-reports list of the month before the occurrence.</summary>
public sealed class MissingReportsReminderJob(InvestmentDb db, RunQueuedJob runner, BureauClock clock, ILogger<MissingReportsReminderJob> logger)
{
    public const string RecurringJobId = "missing-reports-reminder";

    public Task RunAsync(PerformContext? context, CancellationToken cancellationToken) =>
        RecurringJobs.RunForPreviousMonthAsync(context, RecurringJobId, JobKinds.MissingReportsReminder, db, runner, clock, logger,
            cancellationToken);
}

internal static class RecurringJobs
{
    public static async Task RunForPreviousMonthAsync(
        PerformContext? context, string recurringJobId, string kind, InvestmentDb db, RunQueuedJob runner, BureauClock clock, ILogger logger,
        CancellationToken ct)
    {
        // The occurrence's time (Hangfire's "Time" parameter: the scheduled time of a missed occurrence too), not "now":
        // the same Hangfire job run again after a crash must pick the same period and the same job.
        var time = context?.GetJobParameter<long?>("Time") is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : clock.Now;
        var period = ReportingMonth.Of(clock.DayOf(time)).Previous;
        var id = JobQueue.IdForOccurrence(recurringJobId, time);
        await JobQueue.RecordAsync(db, kind, new PeriodParameters(period.ToString()), id, RunQueuedJob.SchedulerActor, ct);
        logger.LogInformation("Recurring {Kind} for {Period} runs as job {JobId}", kind, period.ToString(), id);
        await runner.RunAsync(id, context?.GetJobParameter<int>("RetryCount") ?? 0, ct);
    }
}

public static class RollupSetup
{
    public static IServiceCollection AddRollups(this IServiceCollection services)
    {
        services.AddScoped<PeriodRollup>();
        // One roll-up and one reminder at a time across the cluster: two periods would compete for the same CPU and
        // tables for nothing.
        services.AddQueuedJobHandler<RollupJobHandler>(JobKinds.Rollup, oneAtATimeInCluster: true);
        services.AddQueuedJobHandler<MissingReportsJobHandler>(JobKinds.MissingReportsReminder, oneAtATimeInCluster: true);
        return services;
    }
}
