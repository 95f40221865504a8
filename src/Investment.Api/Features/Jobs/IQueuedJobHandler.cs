using System.Text.Json;
using Investment.Api.Http;

namespace Investment.Api.Features.Jobs;

/// <summary>
/// The work behind one kind of queued job (jobs.kind). Register it with <see cref="QueuedJobHandlers.AddQueuedJobHandler{THandler}"/>;
/// <see cref="RunQueuedJob"/> resolves it by kind in the firing's own DI scope and records what it returns or throws.
/// </summary>
public interface IQueuedJobHandler
{
    /// <summary>Does the work. The returned object is stored as the job's result JSON (camelCase); <c>null</c> for none.</summary>
    /// <exception cref="JobFailedException">The job cannot be done; its message is shown to the client as the job's error.</exception>
    Task<object?> RunAsync(QueuedJobContext job, CancellationToken ct);
}

/// <summary>What a handler knows about the job it runs.</summary>
public sealed class QueuedJobContext(Guid id, string kind, JsonElement parameters, int attempt, Func<decimal, CancellationToken, Task> reportProgress)
{
    public Guid Id { get; } = id;

    public string Kind { get; } = kind;

    public JsonElement Parameters { get; } = parameters;

    /// <summary>1 on the first run; more when a crashed node's run is recovered or a job is retried.</summary>
    public int Attempt { get; } = attempt;

    /// <summary>Records how far the job has got, 0..1, visible to clients polling the job while it runs.</summary>
    public Task ReportProgressAsync(decimal progress, CancellationToken ct) =>
        reportProgress(Math.Clamp(decimal.Round(progress, 4, MidpointRounding.AwayFromZero), 0m, 1m), ct);

    /// <summary>Reads the parameters as <typeparamref name="T"/>; malformed parameters fail the job with a clear error.</summary>
    public T ParametersAs<T>()
    {
        try
        {
            return Parameters.Deserialize<T>(JobJson.Options)
                ?? throw new JobFailedException(new($"The job's parameters are missing; expected {typeof(T).Name}.", "任务缺少参数。"));
        }
        catch (JsonException e)
        {
            throw new JobFailedException(new($"The job's parameters do not fit {typeof(T).Name}: {e.Message}", "任务参数格式不正确。"));
        }
    }
}

/// <summary>
/// A job that cannot be done for a reason the client should read (bad parameters, nothing to do it on). It is recorded
/// as the job's error and never retried: running it again would fail the same way.
/// </summary>
public sealed class JobFailedException(Message reason) : Exception(reason.En)
{
    public Message Reason { get; } = reason;
}

/// <summary>The queues jobs wait in; every instance's job servers take work from both.</summary>
public static class JobQueues
{
    /// <summary>Roll-ups, reminders and the recurring jobs.</summary>
    public const string Default = "default";

    /// <summary>Export jobs: each instance runs at most Exports:MaxConcurrentJobsPerNode of them at once.</summary>
    public const string Exports = "exports";
}

/// <summary>
/// How jobs of one kind are run: the queue they wait in, and whether only one of the kind may run at a time in the whole
/// cluster (a second one waits, still queued, until the first has finished).
/// </summary>
public sealed record QueuedJobKind(string Kind, string Queue, bool OneAtATimeInCluster);

public static class QueuedJobHandlers
{
    /// <summary>Starting jobs (<see cref="JobQueue"/>) and running them (<see cref="RunQueuedJob"/>, in the job's own DI scope).</summary>
    public static IServiceCollection AddQueuedJobs(this IServiceCollection services) =>
        services.AddScoped<JobQueue>().AddScoped<RunQueuedJob>();

    public static IServiceCollection AddQueuedJobHandler<THandler>(
        this IServiceCollection services, string kind, string queue = JobQueues.Default, bool oneAtATimeInCluster = false)
        where THandler : class, IQueuedJobHandler =>
        services.AddKeyedScoped<IQueuedJobHandler, THandler>(kind)
            .AddKeyedSingleton(kind, new QueuedJobKind(kind, queue, oneAtATimeInCluster));
}

public static class JobJson
{
    /// <summary>How parameters and results are written to jobs.parameters/result: the API's camelCase.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
