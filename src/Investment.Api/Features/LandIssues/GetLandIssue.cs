using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Projects;
using Investment.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Investment.Api.Features.LandIssues;

public static class GetLandIssue
{
    public static async Task<Results<Ok<LandIssueResponse>, ProblemHttpResult>> Handle(
        long id, InvestmentDb db, CallerScope scope, BureauClock clock, HttpResponse response, CancellationToken ct)
    {
        var row = await LandIssueQueries.LoadAsync(db, scope, id, ct);
        if (row is null)
        {
            return Problems.NotFound(new($"Land issue {id}", $"征迁问题{id}"));
        }
        response.Headers.ETag = ProjectVersion.Format(row.Version);
        return TypedResults.Ok(LandIssueResponse.From(row, clock.Today));
    }
}
