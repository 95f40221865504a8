using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hangfire;
using Hangfire.States;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Jobs;

/// <summary>
/// Starts long work as a job resource: a jobs row (queued) plus a Hangfire background job running
/// <see cref="RunQueuedJob"/> on it, in the queue of its kind, which any instance's job server may take.
/// </summary>
public sealed class JobQueue(InvestmentDb db, IBackgroundJobClient hangfire, IServiceProvider services, CallerContext caller)
{
    /// <summary>
    /// Queues a new job of <paramref name="kind"/> (a <see cref="JobKinds"/> value) and returns its id. The job records
    /// who started it (their user id): it runs with their scope, and only they and administrators see it.
    /// </summary>
    public async Task<Guid> EnqueueAsync(string kind, object parameters, CancellationToken ct)
    {
        var id = Guid.CreateVersion7();
        var json = JsonSerializer.Serialize(parameters, JobJson.Options);
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            insert into jobs (id, kind, status, parameters, created_by)
            values ({id}, {kind}, {JobStatuses.Queued}, {json}::jsonb, {caller.Current.UserId})
            """, ct);

        try
        {
            Enqueue(hangfire, services.GetRequiredKeyedService<QueuedJobKind>(kind), id);
        }
        catch (BackgroundJobClientException e)
        {
            var error = new Message("Could not be queued: " + e.InnerException?.Message, "任务未能排入队列，请重试。").Stored;
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"update jobs set status = {JobStatuses.Failed}, error = {error}, finished_at = now() where id = {id}",
                CancellationToken.None);
            throw;
        }
        return id;
    }

    /// <summary>The Hangfire job that runs jobs row <paramref name="id"/>, in its kind's queue; returns Hangfire's job id.</summary>
    public static string Enqueue(IBackgroundJobClient hangfire, QueuedJobKind kind, Guid id) =>
        hangfire.Create(Hangfire.Common.Job.FromExpression<RunQueuedJob>(
            run => run.RunAsync(id, kind.Kind, null, CancellationToken.None), kind.Queue), new EnqueuedState(kind.Queue));

    /// <summary>Queues a new job and answers 202 with it and its Location, as every endpoint starting a job does.</summary>
    public async Task<Accepted<JobResponse>> StartAsync(string kind, object parameters, CancellationToken ct)
    {
        var id = await EnqueueAsync(kind, parameters, ct);
        var job = await JobEndpoints.ReadAsync(db, db.Jobs.AsNoTracking().Where(j => j.Id == id), ct);
        return TypedResults.Accepted(JobResponse.Location(id), job);
    }

    /// <summary>
    /// Records job <paramref name="id"/> unless it exists already, for work that is already running inside a Hangfire
    /// job (a recurring one), so a re-run of that Hangfire job finds its jobs row instead of starting a second one.
    /// </summary>
    public static Task RecordAsync(InvestmentDb db, string kind, object parameters, Guid id, string? createdBy, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            insert into jobs (id, kind, status, parameters, created_by)
            values ({id}, {kind}, {JobStatuses.Queued}, {JsonSerializer.Serialize(parameters, JobJson.Options)}::jsonb, {createdBy})
            on conflict (id) do nothing
            """, ct);

    /// <summary>
    /// The job id a recurring occurrence records: the same for the same recurring job and scheduled time, so an
    /// occurrence re-run after a crash finds its job instead of starting a second one.
    /// </summary>
    public static Guid IdForOccurrence(string recurringJobId, DateTimeOffset scheduledUtc)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"recurring/{recurringJobId}@{scheduledUtc.UtcTicks}"));
        // Version 8 (custom) and RFC 9562 variant bits, so the value reads as a well-formed UUID.
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
