using FluentValidation;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Http;
using Investment.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Projects;

/// <summary>Replaces a project's descriptive fields. The code, sections and milestones have their own endpoints.</summary>
public sealed record UpdateProjectRequest(
    string Name,
    string? RouteCode,
    string Mode,
    IReadOnlyList<string>? Scopes,
    decimal? TotalInvestment,
    decimal? LengthKm,
    string? Owner,
    string RegionCode);

public sealed class UpdateProjectValidator : AbstractValidator<UpdateProjectRequest>
{
    public UpdateProjectValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(Limits.ProjectNameMax);
        RuleFor(x => x.RouteCode).MaximumLength(Limits.RouteCodeMax);
        RuleFor(x => x.Owner).MaximumLength(Limits.OwnerMax);
        RuleFor(x => x.Mode).Mode();
        RuleFor(x => x.Scopes).ScopeList();
        RuleFor(x => x.TotalInvestment).Wan();
        RuleFor(x => x.LengthKm).Kilometres();
        RuleFor(x => x.RegionCode).RegionCode();
    }
}

public static class UpdateProject
{
    public static async Task<Results<Ok<ProjectResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        long id, UpdateProjectRequest request, InvestmentDb db, CallerScope scope, BureauClock clock,
        HttpRequest http, HttpResponse response, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var project = await ProjectLocks.LockAsync(db, scope, id, ct);
        if (project is null)
        {
            return Problems.NotFound(new($"Project {id}", $"项目{id}"));
        }
        if (!ProjectVersion.Matches(http, project.Version))
        {
            return Problems.PreconditionFailed(ProjectVersion.Format(project.Version));
        }
        var region = await scope.Regions.AsNoTracking().SingleOrDefaultAsync(r => r.Code == request.RegionCode, ct);
        if (region is null)
        {
            return Problems.Field("regionCode", Messages.UnknownRegion(request.RegionCode));
        }
        // A project already in a retired region stays there (its history is there); none moves into one.
        if (region.Code != project.RegionCode && CreateProject.RetiredError(region) is { } retired)
        {
            return Problems.Field("regionCode", retired);
        }
        var apportioned = await db.Sections.Where(s => s.ProjectId == id).SumAsync(s => s.ApportionedInvestment ?? 0, ct);
        if (request.TotalInvestment is { } total && apportioned > total)
        {
            return Problems.Field("totalInvestment", new(
                $"The sections already share {apportioned} 万元; the total cannot be less than that.",
                $"各标段已分摊{apportioned}万元，总投资不能少于此数。"));
        }

        project.Name = request.Name.Trim();
        project.RouteCode = CreateProject.Blank(request.RouteCode);
        project.Mode = request.Mode;
        project.TotalInvestment = request.TotalInvestment;
        project.LengthKm = request.LengthKm;
        project.Owner = CreateProject.Blank(request.Owner);
        project.RegionCode = request.RegionCode;
        project.UpdatedAt = clock.Now;
        var wanted = (request.Scopes ?? []).ToHashSet(StringComparer.Ordinal);
        await db.ProjectScopes.Where(s => s.ProjectId == id && !wanted.Contains(s.Scope)).ExecuteDeleteAsync(ct);
        var existing = await db.ProjectScopes.Where(s => s.ProjectId == id).Select(s => s.Scope).ToListAsync(ct);
        db.ProjectScopes.AddRange(wanted.Except(existing).Select(s => new ProjectScope { ProjectId = id, Scope = s }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        var updated = await ProjectQueries.LoadAsync(scope.Projects, id, ct);
        response.Headers.ETag = ProjectVersion.Format(updated!.Version);
        return TypedResults.Ok(ProjectResponse.From(updated, clock.Today.Year, clock.Today));
    }
}

public static class ProjectLocks
{
    /// <summary>
    /// Loads the project for change and holds its row lock until the transaction ends, so concurrent section shares
    /// are checked against the same total and cannot together exceed it.
    /// </summary>
    public static async Task<Project?> LockAsync(InvestmentDb db, CallerScope scope, long id, CancellationToken ct)
    {
        var visible = await scope.Projects.AnyAsync(p => p.Id == id, ct);
        if (!visible)
        {
            return null;
        }
        return await db.Projects.FromSql($"select *, xmin from projects where id = {id} for update").SingleOrDefaultAsync(ct);
    }

    /// <summary>Marks the project changed so its version (xmin) moves when only its children changed.</summary>
    public static Task TouchAsync(InvestmentDb db, long id, DateTimeOffset now, CancellationToken ct) =>
        db.Projects.Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.UpdatedAt, now), ct);
}
