using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Projects;

public static class ArchiveProject
{
    /// <summary>Archives a project: it leaves the default lists but keeps every figure. Archiving twice is harmless.</summary>
    public static async Task<Results<Ok<ProjectResponse>, ProblemHttpResult>> Archive(
        long id, CallerScope scope, InvestmentDb db, BureauClock clock, CancellationToken ct) =>
        await SetStatusAsync(id, ProjectStatuses.Archived, scope, db, clock, ct);

    public static async Task<Results<Ok<ProjectResponse>, ProblemHttpResult>> Restore(
        long id, CallerScope scope, InvestmentDb db, BureauClock clock, CancellationToken ct) =>
        await SetStatusAsync(id, ProjectStatuses.Active, scope, db, clock, ct);

    private static async Task<Results<Ok<ProjectResponse>, ProblemHttpResult>> SetStatusAsync(
        long id, string status, CallerScope scope, InvestmentDb db, BureauClock clock, CancellationToken ct)
    {
        var now = clock.Now;
        var changed = await scope.Projects.Where(p => p.Id == id)
            .ExecuteUpdateAsync(s => s
                .SetProperty(p => p.Status, status)
                .SetProperty(p => p.ArchivedAt, p => status == ProjectStatuses.Archived ? (p.ArchivedAt ?? now) : null)
                .SetProperty(p => p.UpdatedAt, now), ct);
        if (changed == 0)
        {
            return Problems.NotFound(new($"Project {id}", $"项目{id}"));
        }
        var project = await ProjectQueries.LoadAsync(scope.Projects, id, ct);
        return TypedResults.Ok(ProjectResponse.From(project!, clock.Today.Year, clock.Today));
    }

    /// <summary>Deletes a project registered by mistake. A project that has figures (plans or reports) is archived instead.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        long id, CallerScope scope, InvestmentDb db, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var project = await ProjectLocks.LockAsync(db, scope, id, ct);
        if (project is null)
        {
            return Problems.NotFound(new($"Project {id}", $"项目{id}"));
        }
        if (await ProjectFigures.ExistAsync(db, id, ct))
        {
            return Problems.Conflict(new("This project has plans or reports, so it cannot be deleted; archive it instead.",
                "该项目已有年度计划或月报，不能删除，请改为归档。"));
        }
        await db.Projects.Where(p => p.Id == id).ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.NoContent();
    }
}

public static class ProjectFigures
{
    /// <summary>Whether anything has been entered against the project's sections, which makes them undeletable.</summary>
    public static Task<bool> ExistAsync(InvestmentDb db, long projectId, CancellationToken ct) =>
        db.AnnualPlans.AnyAsync(a => db.Sections.Any(s => s.Id == a.SectionId && s.ProjectId == projectId), ct);

    public static Task<bool> SectionHasFiguresAsync(InvestmentDb db, long sectionId, CancellationToken ct) =>
        db.AnnualPlans.AnyAsync(a => a.SectionId == sectionId, ct);
}
