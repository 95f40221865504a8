using System.Text.Json;
using Hangfire;
using Hangfire.Server;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Http;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Investment.Api.Features.Jobs;

/// <summary>
/// Runs one queued job: marks it running, calls the handler registered for its kind, and records the result or the
/// error. Hangfire stores this class's and method's names with every background job, so they keep their names. Jobs
/// run without an HTTP caller, so this reads the jobs table through <see cref="InvestmentDb"/> directly; the handler
/// then runs with the scope of the user who started the job (jobs.created_by), or the system's for scheduled ones.
/// </summary>
public sealed class RunQueuedJob(
    InvestmentDb db, IServiceProvider services, CallerContext caller, DatabaseConnection database, IHostApplicationLifetime lifetime,
    ILogger<RunQueuedJob> logger)
{
    private const int ErrorMax = 4000;

    /// <summary>How often a job that met a passing fault (the database restarting, a deadlock) is tried again.</summary>
    public const int TransientRetries = 3;

    /// <summary>
    /// Every Hangfire job's retry rule: only passing faults (<see cref="TransientJobException"/>) are tried again, after 5 s,
    /// 30 s and 2 min; a job failing on its own parameters or on a bug fails at once. (Hangfire's default retries any
    /// exception ten times.)
    /// </summary>
    public static AutomaticRetryAttribute RetryRule() => new()
    {
        Attempts = TransientRetries, DelaysInSeconds = [5, 30, 120], OnlyOn = [typeof(TransientJobException)],
        OnAttemptsExceeded = AttemptsExceededAction.Fail,
    };

    // The job's cancellation token fires when the instance shuts down: Hangfire then puts it back in its queue.
    [JobDisplayName("{1} {0}")]
    public Task RunAsync(Guid jobId, string kind, PerformContext? context, CancellationToken cancellationToken) =>
        RunAsync(jobId, context?.GetJobParameter<int>("RetryCount") ?? 0, cancellationToken);

    /// <summary>
    /// Runs job <paramref name="jobId"/> inside the current Hangfire job (an API request's, or a recurring occurrence's);
    /// <paramref name="retryCount"/> is that Hangfire job's.
    /// </summary>
    public async Task RunAsync(Guid jobId, int retryCount, CancellationToken cancellationToken)
    {
        var job = await db.Jobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (job is null)
        {
            logger.LogWarning("Queued job {JobId} was taken but has no jobs row; nothing to do", jobId);
            return;
        }
        // Succeeded or failed: a duplicate run after the outcome was recorded. Running: a re-run after a crash.
        if (job.Status is JobStatuses.Succeeded or JobStatuses.Failed)
        {
            logger.LogInformation("Job {JobId} is already {Status}; nothing to do", job.Id, job.Status);
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
        var kind = services.GetKeyedService<QueuedJobKind>(job.Kind);
        if (handler is null || kind is null)
        {
            await FinishAsync(job.Id, JobStatuses.Failed, null, new($"No handler is registered for jobs of kind '{job.Kind}'.",
                $"系统不能处理“{job.Kind}”类任务。"));
            return;
        }

        try
        {
            // Held until the job has finished; PostgreSQL lets it go by itself if this instance dies.
            await using var exclusive = kind.OneAtATimeInCluster
                ? await ClusterLock.AcquireAsync(database.ConnectionString, job.Kind, cancellationToken)
                : null;
            await RunHandlerAsync(job, handler, cancellationToken);
        }
        catch (JobFailedException e)
        {
            logger.LogWarning("Job {JobId} ({Kind}) failed: {Reason}", job.Id, job.Kind, e.Message);
            await FinishAsync(job.Id, JobStatuses.Failed, null, e.Reason);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // The instance is shutting down: the job goes back to its queue for another instance (or this one, restarted).
            logger.LogWarning("Job {JobId} ({Kind}) was interrupted by shutdown; it goes back to the queue", job.Id, job.Kind);
            await TryRequeueAsync(job.Id);
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Job {JobId} ({Kind}) was cancelled", job.Id, job.Kind);
            await FinishAsync(job.Id, JobStatuses.Failed, null, new(
                "Cancelled before it finished (the job was deleted on the jobs dashboard). Start it again.",
                "任务未完成即被取消（已在任务面板中删除），请重新开始。"));
        }
        catch (Exception e) when (IsTransient(e))
        {
            if (retryCount < TransientRetries)
            {
                logger.LogWarning(e, "Job {JobId} ({Kind}) met a passing fault; it will be tried again", job.Id, job.Kind);
                await TryRequeueAsync(job.Id);
            }
            else
            {
                logger.LogError(e, "Job {JobId} ({Kind}) failed after {Retries} retries", job.Id, job.Kind, TransientRetries);
                await FinishAsync(job.Id, JobStatuses.Failed, null, Unexpected(e, job.Id));
            }
            throw new TransientJobException(e);
        }
        catch (Exception e)
        {
            // The message may hold SQL or internals; clients get a reference to the log (and administrators see the
            // exception on the jobs dashboard, where the Hangfire job is marked failed too).
            logger.LogError(e, "Job {JobId} ({Kind}) failed", job.Id, job.Kind);
            await FinishAsync(job.Id, JobStatuses.Failed, null, Unexpected(e, job.Id));
            throw;
        }
    }

    private async Task RunHandlerAsync(Job job, IQueuedJobHandler handler, CancellationToken cancellationToken)
    {
        var attempt = await db.Jobs.Where(j => j.Id == job.Id).Select(j => j.Attempts).SingleAsync(cancellationToken) + 1;
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            update jobs set status = {JobStatuses.Running}, attempts = {attempt}, started_at = now(), progress = 0,
                            error = null, finished_at = null
            where id = {job.Id}
            """, cancellationToken);
        logger.LogInformation("Job {JobId} ({Kind}) started, attempt {Attempt}", job.Id, job.Kind, attempt);

        var parameters = job.Parameters.RootElement.Clone();
        var jobContext = new QueuedJobContext(job.Id, job.Kind, parameters, attempt, (progress, ct) =>
            db.Database.ExecuteSqlInterpolatedAsync(
                $"update jobs set progress = {progress} where id = {job.Id} and status = {JobStatuses.Running}", ct));
        var result = await handler.RunAsync(jobContext, cancellationToken);
        await FinishAsync(job.Id, JobStatuses.Succeeded, result is null ? null : JsonSerializer.Serialize(result, JobJson.Options), null);
        logger.LogInformation("Job {JobId} ({Kind}) succeeded", job.Id, job.Kind);
    }

    /// <summary>A fault that may pass by itself: the database restarting or unreachable, a deadlock, a serialization failure.</summary>
    private static bool IsTransient(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is NpgsqlException { IsTransient: true } or TimeoutException)
            {
                return true;
            }
        }
        return false;
    }

    private static Message Unexpected(Exception e, Guid id) => new(
        $"The job failed unexpectedly ({e.GetType().Name}); the error has been logged under job id {id}.",
        $"任务意外失败（{e.GetType().Name}），错误已按任务号{id}记录，请联系管理员。");

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
        return user is null ? null : new Caller(user.Id, user.UserName ?? user.Id, Roles.WidestOf(user.Roles.Contains));
    }

    /// <summary>jobs.created_by of the jobs the scheduler starts.</summary>
    public const string SchedulerActor = "scheduler";

    /// <summary>Shows the job waiting again while Hangfire re-queues it; the database may be the thing that is away.</summary>
    private async Task TryRequeueAsync(Guid id)
    {
        try
        {
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"update jobs set status = {JobStatuses.Queued}, progress = 0 where id = {id} and status = {JobStatuses.Running}",
                CancellationToken.None);
        }
        catch (Exception e) when (IsTransient(e))
        {
            logger.LogWarning("Job {JobId} could not be shown as queued again: {Reason}", id, e.Message);
        }
    }

    private async Task FinishAsync(Guid id, string status, string? resultJson, Message? reason)
    {
        // Both languages are kept: no request is around to choose, so the reader's request does (JobResponse).
        var error = reason?.Stored;
        if (error is { Length: > ErrorMax })
        {
            error = error[..ErrorMax];
        }
        // Recorded even when the job was cancelled: a job must not be left looking as if it still ran.
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            update jobs set status = {status}, result = {resultJson}::jsonb, error = {error}, finished_at = now(),
                            progress = case when {status} = 'succeeded' then 1 else progress end
            where id = {id}
            """, CancellationToken.None);
    }
}

/// <summary>A job met a fault a later try may not meet; Hangfire retries the job only for this exception.</summary>
public sealed class TransientJobException(Exception inner) : Exception(inner.Message, inner);

/// <summary>
/// One job of a kind at a time in the whole cluster: a session-level PostgreSQL advisory lock on a connection of its
/// own, held while the job runs. A second job of the kind waits for it (still queued); when an instance dies its
/// connection closes and PostgreSQL releases the lock at once, so another instance can recover the job.
/// </summary>
internal sealed class ClusterLock : IAsyncDisposable
{
    // First key of the two-int advisory lock space used for job kinds (roll-ups use 7_240_411 with yyyymm).
    private const int AdvisoryLockClass = 7_240_412;

    private readonly NpgsqlConnection _connection;

    private ClusterLock(NpgsqlConnection connection) => _connection = connection;

    public static async Task<ClusterLock> AcquireAsync(string connectionString, string kind, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("select pg_advisory_lock(@class, hashtext(@kind))", connection);
            command.Parameters.AddWithValue("class", AdvisoryLockClass);
            command.Parameters.AddWithValue("kind", kind);
            command.CommandTimeout = 0; // waits as long as the job ahead runs; the cancellation token ends the wait
            await command.ExecuteNonQueryAsync(ct);
            return new ClusterLock(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var command = new NpgsqlCommand("select pg_advisory_unlock_all()", _connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // The connection is gone, and the lock with it.
        }
        await _connection.DisposeAsync();
    }
}
