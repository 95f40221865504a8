using FluentValidation;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Projects;
using Investment.Api.Http;
using Investment.Domain;
using Investment.Domain.Quantities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Quantities;

/// <summary>
/// A project's target of one kind for one year, optionally for one town (镇街) and tied to one of its sections.
/// Addressed by (year, kind, town): sending the same key again replaces the target and its section, keeping the
/// months already entered.
/// </summary>
public sealed record SetQuantityTargetRequest(int? Year, string? Kind, string? Town, long? SectionId, decimal? Target);

public sealed class SetQuantityTargetValidator : AbstractValidator<SetQuantityTargetRequest>
{
    public SetQuantityTargetValidator()
    {
        RuleFor(x => x.Year).NotNull().InclusiveBetween(1990, 2100).Says(Messages.Year1990To2100);
        RuleFor(x => x.Kind).NotEmpty().Must(QuantityKinds.IsKnown).Says(Messages.OneOf(QuantityKinds.Describe()));
        RuleFor(x => x.Town).MaximumLength(Limits.TownMax);
        RuleFor(x => x.Target).NotNull();
        RuleFor(x => x.Target).Custom((amount, context) =>
        {
            QuantityKinds.TryGet(context.InstanceToValidate.Kind, out var kind);
            if (amount is { } value && QuantityAmounts.Problem(value, kind) is { } problem)
            {
                context.AddFailure(QuantityMessages.Amount(problem, kind).Text);
            }
        });
    }
}

public static class SetQuantityTarget
{
    public static async Task<Results<Created<QuantityTargetResponse>, Ok<QuantityTargetResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        long id, SetQuantityTargetRequest request, InvestmentDb db, CallerScope scope, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var project = await ProjectLocks.LockAsync(db, scope, id, ct);
        if (project is null)
        {
            return Problems.NotFound(new($"Project {id}", $"项目{id}"));
        }
        if (QuantityQueries.ArchivedProblem(project) is { } archived)
        {
            return archived;
        }
        if (request.SectionId is { } sectionId && !await scope.Sections.AnyAsync(s => s.Id == sectionId && s.ProjectId == id, ct))
        {
            return Problems.Field("sectionId", new($"Project {project.Code} has no section {sectionId}.", $"项目{project.Code}没有标段{sectionId}。"));
        }

        var year = request.Year!.Value;
        var kind = request.Kind!;
        var town = request.Town?.Trim() ?? "";
        // The project row lock serialises writers of this project, so find-then-insert cannot race on uq_quantity_targets.
        var target = await db.QuantityTargets
            .SingleOrDefaultAsync(t => t.ProjectId == id && t.Year == year && t.Kind == kind && t.Town == town, ct);
        var created = target is null;
        if (target is null)
        {
            target = new QuantityTarget { ProjectId = id, Year = year, Kind = kind, Town = town };
            db.QuantityTargets.Add(target);
        }
        target.SectionId = request.SectionId;
        target.Target = request.Target!.Value;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        // A fresh read, not the tracked entity: EF keeps 12.5 where the column now holds 12.500, and a later GET shows the latter.
        var response = QuantityTargetResponse.From(await db.QuantityTargets.AsNoTracking().SingleAsync(t => t.Id == target.Id, ct));
        return created
            ? TypedResults.Created($"/api/v1/quantity-targets/{target.Id}", response)
            : TypedResults.Ok(response);
    }
}

public static class DeleteQuantityTarget
{
    /// <summary>Deletes a target with every month entered against it.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> Handle(
        long targetId, InvestmentDb db, CallerScope scope, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var (target, problem) = await QuantityQueries.LockForWriteAsync(db, scope, targetId, ct);
        if (target is null || problem is not null)
        {
            return problem!;
        }
        // quantity_progress rows go with it (fk_quantity_progress_target is on delete cascade).
        await db.QuantityTargets.Where(t => t.Id == targetId).ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.NoContent();
    }
}
