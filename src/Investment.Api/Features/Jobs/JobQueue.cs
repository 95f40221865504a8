using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Http;
using Investment.Api.Scheduling;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace Investment.Api.Features.Jobs;

/// <summary>
/// Starts long work as a job resource: a jobs row (queued) plus a one-off Quartz firing of <see cref="RunQueuedJob"/>
/// that any node of the cluster may take.
/// </summary>
public sealed class JobQueue(InvestmentDb db, ISchedulerFactory schedulers, CallerContext caller)
{
    /// <summary>
    /// Queues a new job of <paramref name="kind"/> (a <see cref="JobKinds"/> value) and returns its id. The job records
    /// who started it: it runs with their scope, and only they and administrators see it.
    /// </summary>
    public async Task<Guid> EnqueueAsync(string kind, object parameters, CancellationToken ct)
    {
        // The built scheduler, not the injected IScheduler proxy: until the proxy has been used once it answers "now"
        // from the system clock rather than the scheduler's, and a firing stamped on another clock than the job store's
        // is never found due.
        var scheduler = await schedulers.GetScheduler(ct);
        return await EnqueueAsync(db, scheduler, kind, parameters, Guid.CreateVersion7(), createdBy: caller.Current.UserId, ct);
    }

    /// <summary>
    /// Queues job <paramref name="id"/> unless it exists already. Enqueueing an id twice is harmless: a job that
    /// already ran is left alone, and one still queued keeps a single pending firing — which is what lets a recovered
    /// recurring firing re-enqueue its work without doing it twice. The scheduler is the one to fire on: inside a job,
    /// the one running it (context.Scheduler).
    /// </summary>
    public static async Task<Guid> EnqueueAsync(
        InvestmentDb db, IScheduler scheduler, string kind, object parameters, Guid id, string? createdBy, CancellationToken ct)
    {
        var json = JsonSerializer.Serialize(parameters, JobJson.Options);
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            insert into jobs (id, kind, status, parameters, created_by)
            values ({id}, {kind}, {JobStatuses.Queued}, {json}::jsonb, {createdBy})
            on conflict (id) do nothing
            """, ct);
        if (inserted == 0)
        {
            var status = await db.Jobs.Where(j => j.Id == id).Select(j => j.Status).SingleAsync(ct);
            if (status != JobStatuses.Queued)
            {
                return id;
            }
        }

        try
        {
            await scheduler.ScheduleJob<RunQueuedJob, QueuedJobInput>(new QueuedJobInput(id), TimeSpan.Zero, new OneOffJobOptions
            {
                Name = id.ToString(),
                Group = "queued-jobs",
                ExecutionGroup = SchedulingSetup.ExecutionGroupOf(kind),
                RequestRecovery = true,
                OnConflict = TriggerConflict.Keep,
            }, ct);
        }
        catch (SchedulerException e)
        {
            var error = new Message("Could not be scheduled: " + e.Message, "任务未能排入计划，请重试。").Stored;
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"update jobs set status = {JobStatuses.Failed}, error = {error}, finished_at = now() where id = {id}",
                CancellationToken.None);
            throw;
        }
        return id;
    }

    /// <summary>
    /// The job id a recurring firing enqueues: the same for the same trigger and scheduled time, so a firing re-run after
    /// a crash finds its job instead of starting a second one.
    /// </summary>
    public static Guid IdForFiring(JobKey recurringJob, DateTimeOffset scheduledFireTimeUtc)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{recurringJob.Group}/{recurringJob.Name}@{scheduledFireTimeUtc.UtcTicks}"));
        // Version 8 (custom) and RFC 9562 variant bits, so the value reads as a well-formed UUID.
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
