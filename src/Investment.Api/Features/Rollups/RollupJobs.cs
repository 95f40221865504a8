using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Jobs;
using Investment.Api.Scheduling;
using Investment.Domain;
using Microsoft.Extensions.Options;
using Quartz;

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
/// Recurring (Scheduling:MonthlyRollupCron): queues the roll-up of the month before the firing, in the bureau's time
/// zone. Queued rather than run here, so the work is the same job resource a POST starts and clients can poll it.
/// </summary>
[DisallowConcurrentExecution]
public sealed class MonthlyRollupJob(InvestmentDb db, IOptions<SchedulingSettings> settings, ILogger<MonthlyRollupJob> logger) : IJob
{
    public static readonly JobKey Key = new("monthly-rollup", "recurring");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await RecurringJobs.EnqueueForPreviousMonthAsync(context, db, settings.Value, JobKinds.Rollup, logger, cancellationToken);
}

/// <summary>Recurring (Scheduling:ReminderCron): queues the missing-reports list of the month before the firing.</summary>
[DisallowConcurrentExecution]
public sealed class MissingReportsReminderJob(InvestmentDb db, IOptions<SchedulingSettings> settings, ILogger<MissingReportsReminderJob> logger) : IJob
{
    public static readonly JobKey Key = new("missing-reports-reminder", "recurring");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await RecurringJobs.EnqueueForPreviousMonthAsync(context, db, settings.Value, JobKinds.MissingReportsReminder, logger, cancellationToken);
}

internal static class RecurringJobs
{
    public static async Task EnqueueForPreviousMonthAsync(
        IJobExecutionContext context, InvestmentDb db, SchedulingSettings settings, string kind, ILogger logger, CancellationToken ct)
    {
        // The scheduled time, not "now": a firing recovered on another node later must pick the same period and job id.
        var firedFor = context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(firedFor, settings.TimeZone).DateTime);
        var period = ReportingMonth.Of(today).Previous;
        var id = JobQueue.IdForFiring(context.JobDetail.Key, firedFor);
        await JobQueue.EnqueueAsync(db, context.Scheduler, kind, new PeriodParameters(period.ToString()), id, RunQueuedJob.SchedulerActor, ct);
        logger.LogInformation("Recurring {Kind} for {Period} queued as job {JobId}", kind, period.ToString(), id);
    }
}

public static class RollupSetup
{
    public static IServiceCollection AddRollups(this IServiceCollection services)
    {
        services.AddScoped<PeriodRollup>();
        services.AddQueuedJobHandler<RollupJobHandler>(JobKinds.Rollup);
        services.AddQueuedJobHandler<MissingReportsJobHandler>(JobKinds.MissingReportsReminder);
        return services;
    }
}
