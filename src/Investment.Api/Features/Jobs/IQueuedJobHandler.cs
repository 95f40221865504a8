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

/// <summary>A job that cannot be done for a reason the client should read (bad parameters, nothing to do it on).</summary>
public sealed class JobFailedException(Message reason) : Exception(reason.En)
{
    public Message Reason { get; } = reason;
}

public static class QueuedJobHandlers
{
    public static IServiceCollection AddQueuedJobHandler<THandler>(this IServiceCollection services, string kind)
        where THandler : class, IQueuedJobHandler =>
        services.AddKeyedScoped<IQueuedJobHandler, THandler>(kind);
}

public static class JobJson
{
    /// <summary>How parameters and results are written to jobs.parameters/result: the API's camelCase.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
