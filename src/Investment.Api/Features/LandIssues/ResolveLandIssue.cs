using System.Globalization;
using FluentValidation;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Projects;
using Investment.Api.Http;
using Investment.Domain;
using Investment.Domain.LandIssues;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.LandIssues;

/// <summary>Marks an open issue resolved on a day (not before it was identified, not in the future), with an optional note.</summary>
public sealed record ResolveLandIssueRequest(DateOnly? ResolvedOn, [Narrative] string? Note);

/// <summary>
/// Reopens a resolved issue; the reason is kept in the issue's note as "reopened on yyyy-MM-dd: reason", and the period it
/// had been resolved is kept in <c>land_issue_reopenings</c> so statistics as of a past day still count it resolved then.
/// </summary>
public sealed record ReopenLandIssueRequest([Narrative] string Reason);

public sealed class ResolveLandIssueValidator : AbstractValidator<ResolveLandIssueRequest>
{
    public ResolveLandIssueValidator(BureauClock clock)
    {
        RuleFor(x => x.ResolvedOn).Cascade(CascadeMode.Stop).NotNull().IssueDate(clock);
        RuleFor(x => x.Note).MaximumLength(Math.Min(Limits.ReasonMax, ResolutionNote.MaxLength));
    }
}

public sealed class ReopenLandIssueValidator : AbstractValidator<ReopenLandIssueRequest>
{
    public ReopenLandIssueValidator()
    {
        // The stored line is "reopened on yyyy-MM-dd: " + reason, and it must fit the note on its own.
        RuleFor(x => x.Reason).NotEmpty().MaximumLength(Math.Min(Limits.ReasonMax, ResolutionNote.ReopenReasonMax));
    }
}

/// <summary>
/// Resolve and reopen. Each takes the issue's row lock, so two clients resolving at once get one 200 and one 409.
/// If-Match is optional here (the state check already refuses a double resolve) but honoured when sent.
/// </summary>
public static class ResolveLandIssue
{
    public static async Task<Results<Ok<LandIssueResponse>, ValidationProblem, ProblemHttpResult>> Resolve(
        long id, ResolveLandIssueRequest request, InvestmentDb db, CallerScope scope, BureauClock clock,
        HttpRequest http, HttpResponse response, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var issue = await LandIssueQueries.LockAsync(db, scope, id, ct);
        if (issue is null)
        {
            return Problems.NotFound(new($"Land issue {id}", $"征迁问题{id}"));
        }
        if (await RefusalAsync(db, http, issue, ct) is { } refusal)
        {
            return refusal;
        }
        if (issue.ResolvedOn is { } already)
        {
            return Problems.Conflict(new($"The issue is already resolved (on {Iso(already)}); reopen it first.",
                $"该问题已于{Iso(already)}解决，如需重新处理请先重新打开。"));
        }
        var resolvedOn = request.ResolvedOn!.Value;
        if (resolvedOn < issue.IdentifiedOn)
        {
            return Problems.Field("resolvedOn", new(
                $"The issue was identified on {Iso(issue.IdentifiedOn)}; it cannot be resolved before that.",
                $"该问题于{Iso(issue.IdentifiedOn)}发现，解决日期不能早于发现日期。"));
        }
        // Resolved again before its last reopening would rewrite a past the statistics already counted as open.
        var lastReopened = await db.LandIssueReopenings.Where(r => r.LandIssueId == id)
            .OrderByDescending(r => r.ReopenedOn).Select(r => (DateOnly?)r.ReopenedOn).FirstOrDefaultAsync(ct);
        if (resolvedOn < lastReopened)
        {
            return Problems.Field("resolvedOn", new(
                $"The issue was reopened on {Iso(lastReopened.Value)}; it cannot be resolved again before that.",
                $"该问题于{Iso(lastReopened.Value)}重新打开，再次解决的日期不能早于此日。"));
        }

        issue.ResolvedOn = resolvedOn;
        if (LandIssueRules.Blank(request.Note) is { } note)
        {
            issue.ResolutionNote = ResolutionNote.Append(issue.ResolutionNote, note);
        }
        issue.UpdatedAt = clock.Now;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await LandIssueResults.OkAsync(db, scope, clock, response, id, ct);
    }

    public static async Task<Results<Ok<LandIssueResponse>, ValidationProblem, ProblemHttpResult>> Reopen(
        long id, ReopenLandIssueRequest request, InvestmentDb db, CallerScope scope, BureauClock clock,
        HttpRequest http, HttpResponse response, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var issue = await LandIssueQueries.LockAsync(db, scope, id, ct);
        if (issue is null)
        {
            return Problems.NotFound(new($"Land issue {id}", $"征迁问题{id}"));
        }
        if (await RefusalAsync(db, http, issue, ct) is { } refusal)
        {
            return refusal;
        }
        if (issue.ResolvedOn is not { } resolved)
        {
            return Problems.Conflict(new("The issue is open; only a resolved issue can be reopened.", "该问题尚未解决，只有已解决的问题才能重新打开。"));
        }

        var reason = request.Reason.Trim();
        db.LandIssueReopenings.Add(new LandIssueReopening
        {
            LandIssueId = issue.Id,
            ResolvedOn = resolved,
            // A resolution entered with a later date than today's reopening cannot be a period; it closes the same day.
            ReopenedOn = clock.Today < resolved ? resolved : clock.Today,
            Reason = reason,
            CreatedAt = clock.Now,
        });
        issue.ResolvedOn = null;
        issue.ResolutionNote = ResolutionNote.Append(issue.ResolutionNote, ResolutionNote.ReopenLine(clock.Today, reason));
        issue.UpdatedAt = clock.Now;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await LandIssueResults.OkAsync(db, scope, clock, response, id, ct);
    }

    private static async Task<ProblemHttpResult?> RefusalAsync(InvestmentDb db, HttpRequest http, LandIssue issue, CancellationToken ct)
    {
        if (!ProjectVersion.Matches(http, issue.Version))
        {
            return Problems.PreconditionFailed(ProjectVersion.Format(issue.Version));
        }
        return await LandIssueQueries.ProjectArchivedAsync(db, issue.SectionId, ct) ? LandIssueProblems.Archived() : null;
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
