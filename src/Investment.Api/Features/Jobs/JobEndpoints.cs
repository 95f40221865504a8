using System.Text.Json;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Jobs;

/// <summary>
/// A job as clients see it: poll until status is succeeded (read result) or failed (read error). createdBy is the
/// starter's current e-mail ("scheduler" for scheduled jobs; null once the starter's account is deleted).
/// </summary>
public sealed record JobResponse(
    Guid Id, string Kind, string Status, JsonElement Parameters, decimal Progress, JsonElement? Result, string? Error,
    int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? CreatedBy)
{
    public static JobResponse From(JobWithStarter row) => new(
        row.Job.Id, row.Job.Kind, row.Job.Status, row.Job.Parameters.RootElement.Clone(), row.Job.Progress,
        row.Job.Result?.RootElement.Clone(), Message.FromStored(row.Job.Error)?.Text, row.Job.Attempts, row.Job.CreatedAt,
        row.Job.StartedAt, row.Job.FinishedAt, row.Job.CreatedBy == RunQueuedJob.SchedulerActor ? RunQueuedJob.SchedulerActor : row.StarterEmail);

    public static string Location(Guid id) => $"/api/v1/jobs/{id}";
}

public sealed record JobList(IReadOnlyList<JobResponse> Items);

/// <summary>A job with its starter's e-mail as it is now (jobs keep the user id, which a change of e-mail leaves alone).</summary>
public sealed record JobWithStarter(Job Job, string? StarterEmail);

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
        var job = await WithStarters(db, Visible(db, scope).Where(j => j.Id == id)).SingleOrDefaultAsync(ct);
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
        var jobs = await WithStarters(db, query.OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id).Take(limit)).ToListAsync(ct);
        // The join keeps the rows, not necessarily their order.
        return TypedResults.Ok(new JobList(jobs.OrderByDescending(j => j.Job.CreatedAt).ThenByDescending(j => j.Job.Id).Select(JobResponse.From).ToList()));
    }

    /// <summary>The one job <paramref name="job"/> selects, as clients see it.</summary>
    internal static async Task<JobResponse> ReadAsync(InvestmentDb db, IQueryable<Job> job, CancellationToken ct) =>
        JobResponse.From(await WithStarters(db, job).SingleAsync(ct));

    private static IQueryable<JobWithStarter> WithStarters(InvestmentDb db, IQueryable<Job> jobs) =>
        from job in jobs
        join user in db.Users on job.CreatedBy equals user.Id into starters
        from starter in starters.DefaultIfEmpty()
        select new JobWithStarter(job, starter == null ? null : starter.Email);

    /// <summary>The jobs the caller may see: their own; every job for administrators.</summary>
    internal static IQueryable<Job> Visible(InvestmentDb db, CallerScope scope) =>
        scope.Caller.IsAdministrator
            ? db.Jobs.AsNoTracking()
            : db.Jobs.AsNoTracking().Where(j => j.CreatedBy != null && j.CreatedBy == scope.Caller.UserId);
}
