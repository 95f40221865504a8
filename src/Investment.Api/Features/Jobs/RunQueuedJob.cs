using System.Text.Json;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Http;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace Investment.Api.Features.Jobs;

/// <summary>The payload of a queued job's firing. Stored by Quartz as JSON: renaming it strands stored firings.</summary>
public sealed record QueuedJobInput(Guid JobId);

/// <summary>
/// Runs one queued job: marks it running, calls the handler registered for its kind, and records the result or the
/// error. Quartz stores this class's name with every firing, so it keeps its name. Jobs run without an HTTP caller,
/// so this reads the jobs table through <see cref="InvestmentDb"/> directly; the handler then runs with the scope of
/// the user who started the job (jobs.created_by), or the system's for scheduled ones.
/// </summary>
public sealed class RunQueuedJob(InvestmentDb db, IServiceProvider services, CallerContext caller, ILogger<RunQueuedJob> logger)
    : IJob<QueuedJobInput>
{
    private const int ErrorMax = 4000;

    public async ValueTask Execute(IJobExecutionContext context, QueuedJobInput input, CancellationToken cancellationToken = default)
    {
        var job = await db.Jobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == input.JobId, cancellationToken);
        if (job is null)
        {
            logger.LogWarning("Queued job {JobId} fired but has no jobs row; nothing to do", input.JobId);
            return;
        }
        // Succeeded or failed: a duplicate firing after the outcome was recorded. Running: a recovery after a crash.
        if (job.Status is JobStatuses.Succeeded or JobStatuses.Failed)
        {
            logger.LogInformation("Job {JobId} is already {Status}; firing ignored", job.Id, job.Status);
            return;
        }

        if (await StarterAsync(job.CreatedBy, cancellationToken) is not { } starter)
        {
            await FinishAsync(job.Id, JobStatuses.Failed, null, new("The user who started this job no longer exists or is locked.",
                "发起该任务的用户已不存在或已被锁定。"));
            return;
        }
        caller.RunAs(starter);

        var handler = services.GetKeyedService<IQueuedJobHandler>(job.Kind);
        if (handler is null)
        {
            await FinishAsync(job.Id, JobStatuses.Failed, null, new($"No handler is registered for jobs of kind '{job.Kind}'.",
                $"系统不能处理“{job.Kind}”类任务。"));
            return;
        }

        var attempt = job.Attempts + 1;
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            update jobs set status = {JobStatuses.Running}, attempts = {attempt}, started_at = now(), progress = 0,
                            error = null, finished_at = null
            where id = {job.Id}
            """, cancellationToken);
        logger.LogInformation("Job {JobId} ({Kind}) started, attempt {Attempt}{Recovering}",
            job.Id, job.Kind, attempt, context.Recovering ? " (recovered after a node failure)" : "");

        var parameters = job.Parameters.RootElement.Clone();
        var jobContext = new QueuedJobContext(job.Id, job.Kind, parameters, attempt, (progress, ct) =>
            db.Database.ExecuteSqlInterpolatedAsync(
                $"update jobs set progress = {progress} where id = {job.Id} and status = {JobStatuses.Running}", ct));
        try
        {
            var result = await handler.RunAsync(jobContext, cancellationToken);
            await FinishAsync(job.Id, JobStatuses.Succeeded, result is null ? null : JsonSerializer.Serialize(result, JobJson.Options), null);
            logger.LogInformation("Job {JobId} ({Kind}) succeeded", job.Id, job.Kind);
        }
        catch (JobFailedException e)
        {
            logger.LogWarning("Job {JobId} ({Kind}) failed: {Reason}", job.Id, job.Kind, e.Message);
            await FinishAsync(job.Id, JobStatuses.Failed, null, e.Reason);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Job {JobId} ({Kind}) was interrupted", job.Id, job.Kind);
            await FinishAsync(job.Id, JobStatuses.Failed, null, new(
                "Interrupted before it finished (the server stopped or the job was cancelled). Start it again.",
                "任务未完成即被中断（服务器停止或任务被取消），请重新开始。"));
        }
        catch (Exception e)
        {
            // The message may hold SQL or internals; clients get a reference to the log instead.
            logger.LogError(e, "Job {JobId} ({Kind}) failed", job.Id, job.Kind);
            await FinishAsync(job.Id, JobStatuses.Failed, null, new(
                $"The job failed unexpectedly ({e.GetType().Name}); the error has been logged under job id {job.Id}.",
                $"任务意外失败（{e.GetType().Name}），错误已按任务号{job.Id}记录，请联系管理员。"));
        }
    }

    /// <summary>Who the job runs for: its starter with their current role, or the scheduler (system scope).</summary>
    private async Task<Caller?> StarterAsync(string? createdBy, CancellationToken ct)
    {
        if (createdBy is null or SchedulerActor)
        {
            return Caller.System(SchedulerActor);
        }
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == createdBy && (u.LockoutEnd == null || u.LockoutEnd < DateTimeOffset.UtcNow))
            .Select(u => new { u.Id, u.UserName, Roles = db.UserRoles.Where(r => r.UserId == u.Id).Select(r => r.RoleId).ToList() })
            .SingleOrDefaultAsync(ct);
        if (user is null)
        {
            return null;
        }
        var role = new[] { Roles.Administrator, Roles.Planning, Roles.Leadership, Roles.Headquarters }.FirstOrDefault(user.Roles.Contains);
        return new Caller(user.Id, user.UserName ?? user.Id, role);
    }

    /// <summary>jobs.created_by of the jobs the scheduler queues.</summary>
    public const string SchedulerActor = "scheduler";

    private async Task FinishAsync(Guid id, string status, string? resultJson, Message? reason)
    {
        // Both languages are kept: no request is around to choose, so the reader's request does (JobResponse).
        var error = reason?.Stored;
        if (error is { Length: > ErrorMax })
        {
            error = error[..ErrorMax];
        }
        // Recorded even when the firing was cancelled: a job must not be left looking as if it still ran.
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            update jobs set status = {status}, result = {resultJson}::jsonb, error = {error}, finished_at = now(),
                            progress = case when {status} = 'succeeded' then 1 else progress end
            where id = {id}
            """, CancellationToken.None);
    }
}
