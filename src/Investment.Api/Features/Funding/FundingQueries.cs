using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Projects;
using Investment.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Funding;

/// <summary>A funding line as the caller may see it, with the county it counts in.</summary>
public sealed class VisibleFunding
{
    public required FundingSource Line { get; init; }
    public required string RegionCode { get; init; }
}

public static class FundingQueries
{
    /// <summary>
    /// Lines whose project is in the caller's scope, and whose section (when the line names one) is too. A line counts
    /// in its section's county, else in the county that registered the project.
    /// </summary>
    public static IQueryable<VisibleFunding> Visible(InvestmentDb db, CallerScope scope) =>
        from p in scope.Projects
        join f in db.FundingSources on p.Id equals f.ProjectId
        join s in scope.Sections on f.SectionId equals (long?)s.Id into sections
        from s in sections.DefaultIfEmpty()
        where f.SectionId == null || s != null
        select new VisibleFunding { Line = f, RegionCode = s != null ? s.RegionCode : p.RegionCode };

    /// <summary>Locks the project for a write to its funding: 404 outside the caller's scope, 409 when archived.</summary>
    public static async Task<ProblemHttpResult?> LockWritableAsync(InvestmentDb db, CallerScope scope, long projectId, CancellationToken ct)
    {
        var project = await ProjectLocks.LockAsync(db, scope, projectId, ct);
        if (project is null)
        {
            return Problems.NotFound(new($"Project {projectId}", $"项目{projectId}"));
        }
        return project.Status == ProjectStatuses.Archived
            ? Problems.Conflict(new($"Project {project.Code} is archived: restore it before changing its funding.",
                $"项目{project.Code}已归档，请先恢复再修改资金来源。"))
            : null;
    }

    public static async Task<ValidationProblem?> SectionProblemAsync(
        CallerScope scope, long projectId, long? sectionId, CancellationToken ct) =>
        sectionId is { } id && !await scope.Sections.AnyAsync(s => s.Id == id && s.ProjectId == projectId, ct)
            ? Problems.Field("sectionId", new($"Section {id} is not a section of project {projectId}.", $"标段{id}不属于项目{projectId}。"))
            : null;
}
