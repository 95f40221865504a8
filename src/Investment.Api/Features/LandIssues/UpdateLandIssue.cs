using System.Globalization;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Projects;
using Investment.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Investment.Api.Features.LandIssues;

public static class UpdateLandIssue
{
    /// <summary>
    /// Replaces the issue's descriptive fields. If-Match is required: without it 428, with a stale version 412 and the
    /// current one. Resolution has its own endpoints and is kept as it is.
    /// </summary>
    public static async Task<Results<Ok<LandIssueResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        long id, LandIssueRequest request, InvestmentDb db, CallerScope scope, BureauClock clock,
        HttpRequest http, HttpResponse response, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var issue = await LandIssueQueries.LockAsync(db, scope, id, ct);
        if (issue is null)
        {
            return Problems.NotFound(new($"Land issue {id}", $"征迁问题{id}"));
        }
        if (http.Headers.IfMatch.Count == 0)
        {
            return LandIssueProblems.PreconditionRequired();
        }
        if (!ProjectVersion.Matches(http, issue.Version))
        {
            return Problems.PreconditionFailed(ProjectVersion.Format(issue.Version));
        }
        if (await LandIssueQueries.ProjectArchivedAsync(db, issue.SectionId, ct))
        {
            return LandIssueProblems.Archived();
        }
        var identifiedOn = request.IdentifiedOn!.Value;
        if (issue.ResolvedOn is { } resolvedOn && resolvedOn < identifiedOn)
        {
            var resolved = resolvedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            return Problems.Field("identifiedOn", new(
                $"The issue was resolved on {resolved}; it cannot have been identified after that.",
                $"该问题已于{resolved}解决，发现日期不能晚于解决日期。"));
        }
        var reference = LandIssueRules.Blank(request.Reference);
        if (await LandIssueQueries.ReferenceTakenAsync(db, issue.SectionId, reference, id, ct))
        {
            return Problems.Conflict(LandIssueProblems.DuplicateReference(issue.SectionId, reference));
        }

        issue.Reference = reference;
        issue.Town = LandIssueRules.Blank(request.Town);
        issue.Kind = request.Kind;
        issue.Description = request.Description.Trim();
        issue.IdentifiedOn = identifiedOn;
        issue.DueOn = request.DueOn;
        issue.ResponsibleUnit = LandIssueRules.Blank(request.ResponsibleUnit);
        issue.UpdatedAt = clock.Now;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        return await LandIssueResults.OkAsync(db, scope, clock, response, id, ct);
    }
}

internal static class LandIssueResults
{
    public static async Task<Ok<LandIssueResponse>> OkAsync(
        InvestmentDb db, CallerScope scope, BureauClock clock, HttpResponse response, long id, CancellationToken ct)
    {
        var row = await LandIssueQueries.LoadAsync(db, scope, id, ct);
        response.Headers.ETag = ProjectVersion.Format(row!.Version);
        return TypedResults.Ok(LandIssueResponse.From(row, clock.Today));
    }
}
