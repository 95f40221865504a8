using FluentValidation;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Http;
using Investment.Domain.Projects;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Projects;

public sealed record SetMilestoneRequest(DateOnly? PlannedOn, DateOnly? ActualOn);

public sealed class SetMilestoneValidator : AbstractValidator<SetMilestoneRequest>
{
    public SetMilestoneValidator(BureauClock clock)
    {
        RuleFor(x => x).Must(x => x.PlannedOn is not null || x.ActualOn is not null)
            .OverridePropertyName("plannedOn").Says(ProjectRules.NoMilestoneDate);
        RuleFor(x => x.ActualOn).Must(d => d is null || d <= clock.Today).Says(ProjectRules.ActualInFuture);
        RuleFor(x => x.ActualOn).Must(d => d is null || d.Value.Year >= 1990).Says(ProjectRules.Before1990);
        RuleFor(x => x.PlannedOn).Must(d => d is null || d.Value.Year is >= 1990 and <= 2100).Says(Messages.Year1990To2100);
    }
}

/// <summary>Milestones are addressed by kind, so setting one is idempotent.</summary>
public static class ProjectMilestones
{
    public static async Task<Results<Ok<MilestoneResponse>, ValidationProblem, ProblemHttpResult>> Set(
        long id, string kind, SetMilestoneRequest request, InvestmentDb db, CallerScope scope, BureauClock clock,
        CancellationToken ct)
    {
        if (!MilestoneKinds.TryParse(kind, out var parsedKind))
        {
            return Problems.NotFound(new($"Milestone kind '{kind}'", $"项目节点“{kind}”"));
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await ProjectLocks.LockAsync(db, scope, id, ct) is null)
        {
            return Problems.NotFound(new($"Project {id}", $"项目{id}"));
        }
        var milestones = await db.Milestones.Where(m => m.ProjectId == id).ToListAsync(ct);
        var milestone = milestones.SingleOrDefault(m => m.Kind == kind);
        if (milestone is null)
        {
            milestone = new Milestone { ProjectId = id, Kind = kind };
            db.Milestones.Add(milestone);
            milestones.Add(milestone);
        }
        milestone.PlannedOn = request.PlannedOn;
        milestone.ActualOn = request.ActualOn;

        var dates = CreateProjectValidator.MilestoneDatesOf(
            milestones.Select(m => new MilestoneInput(m.Kind, m.PlannedOn, m.ActualOn)));
        if (ProjectRules.OrderViolation(dates) is { } violation)
        {
            return Problems.Field(ProjectRules.FieldOf(violation), ProjectRules.Describe(violation));
        }
        await db.SaveChangesAsync(ct);
        await ProjectLocks.TouchAsync(db, id, clock.Now, ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(new MilestoneResponse(MilestoneKinds.ToCode(parsedKind), milestone.PlannedOn, milestone.ActualOn));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        long id, string kind, InvestmentDb db, CallerScope scope, BureauClock clock, CancellationToken ct)
    {
        var deleted = await db.Milestones
            .Where(m => m.ProjectId == id && m.Kind == kind && scope.Projects.Any(p => p.Id == id))
            .ExecuteDeleteAsync(ct);
        if (deleted == 0)
        {
            return Problems.NotFound(new($"Milestone '{kind}' of project {id}", $"项目{id}的节点“{kind}”"));
        }
        await ProjectLocks.TouchAsync(db, id, clock.Now, ct);
        return TypedResults.NoContent();
    }
}
