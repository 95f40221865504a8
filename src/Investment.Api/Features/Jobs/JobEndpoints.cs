using System.Text.Json;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Jobs;

/// <summary>A job as clients see it: poll until status is succeeded (read result) or failed (read error).</summary>
public sealed record JobResponse(
    Guid Id, string Kind, string Status, JsonElement Parameters, decimal Progress, JsonElement? Result, string? Error,
    int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? CreatedBy)
{
    public static JobResponse From(Job job) => new(
        job.Id, job.Kind, job.Status, job.Parameters.RootElement.Clone(), job.Progress, job.Result?.RootElement.Clone(),
        Message.FromStored(job.Error)?.Text, job.Attempts, job.CreatedAt, job.StartedAt, job.FinishedAt, job.CreatedBy);

    public static string Location(Guid id) => $"/api/v1/jobs/{id}";
}

public sealed record JobList(IReadOnlyList<JobResponse> Items);

// A job is seen by the user who started it and by administrators (scheduled jobs: administrators only); anyone else
// gets 404. It ran with its starter's scope, so its result holds only what they may see.
public static class JobEndpoints
{
    public const int MaxLimit = 200;

    private static readonly string[] Kinds = [JobKinds.Rollup, JobKinds.MissingReportsReminder, JobKinds.Export, JobKinds.Import];
    private static readonly string[] Statuses = [JobStatuses.Queued, JobStatuses.Running, JobStatuses.Succeeded, JobStatuses.Failed];

    public static RouteGroupBuilder MapJobs(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/jobs").WithTags("Jobs");
        group.MapGet("/{id:guid}", GetJob).WithName(nameof(GetJob));
        group.MapGet("/", ListJobs).WithName(nameof(ListJobs));
        return group;
    }

    /// <summary>One job: its state, progress (0..1), and its result or error once it has finished.</summary>
    public static async Task<Results<Ok<JobResponse>, ProblemHttpResult>> GetJob(Guid id, InvestmentDb db, CallerScope scope, CancellationToken ct)
    {
        var job = await Visible(db, scope).SingleOrDefaultAsync(j => j.Id == id, ct);
        return job is null ? Problems.NotFound(new($"Job {id}", $"任务{id}")) : TypedResults.Ok(JobResponse.From(job));
    }

    /// <summary>The most recent jobs, newest first, optionally of one kind and status.</summary>
    public static async Task<Results<Ok<JobList>, ValidationProblem>> ListJobs(
        InvestmentDb db, CallerScope scope, CancellationToken ct, string? kind = null, string? status = null, int limit = 50)
    {
        var errors = new Dictionary<string, Message>();
        if (kind is not null && !Kinds.Contains(kind)) errors["kind"] = Messages.OneOf(string.Join(", ", Kinds));
        if (status is not null && !Statuses.Contains(status)) errors["status"] = Messages.OneOf(string.Join(", ", Statuses));
        if (limit is < 1 or > MaxLimit) errors["limit"] = Messages.PageSizeUpTo(MaxLimit);
        if (errors.Count > 0) return Problems.Fields(errors);

        var query = Visible(db, scope);
        if (kind is not null) query = query.Where(j => j.Kind == kind);
        if (status is not null) query = query.Where(j => j.Status == status);
        var jobs = await query.OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id).Take(limit).ToListAsync(ct);
        return TypedResults.Ok(new JobList(jobs.Select(JobResponse.From).ToList()));
    }

    /// <summary>The jobs the caller may see: their own; every job for administrators.</summary>
    internal static IQueryable<Job> Visible(InvestmentDb db, CallerScope scope) =>
        scope.Caller.IsAdministrator
            ? db.Jobs.AsNoTracking()
            : db.Jobs.AsNoTracking().Where(j => j.CreatedBy != null && j.CreatedBy == scope.Caller.UserId);
}
