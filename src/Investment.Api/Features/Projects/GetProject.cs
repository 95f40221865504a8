using Investment.Api.Features.Access;
using Investment.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Investment.Api.Features.Projects;

public static class GetProject
{
    /// <summary>One project with its sections, milestones and its class in <paramref name="year"/> (default: this year).</summary>
    public static async Task<Results<Ok<ProjectResponse>, ProblemHttpResult, ValidationProblem>> Handle(
        long id, int? year, CallerScope scope, BureauClock clock, HttpResponse response, CancellationToken ct)
    {
        if (year is < 1990 or > 2100)
        {
            return Problems.Field("year", Messages.Year1990To2100);
        }
        var project = await ProjectQueries.LoadAsync(scope.Projects, id, ct);
        if (project is null)
        {
            return Problems.NotFound(new($"Project {id}", $"项目{id}"));
        }
        response.Headers.ETag = ProjectVersion.Format(project.Version);
        return TypedResults.Ok(ProjectResponse.From(project, year ?? clock.Today.Year, clock.Today));
    }
}
