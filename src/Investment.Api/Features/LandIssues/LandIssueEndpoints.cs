using Investment.Api.Features.Access;
using Investment.Api.Http;

namespace Investment.Api.Features.LandIssues;

public static class LandIssueEndpoints
{
    public static IEndpointRouteBuilder MapLandIssues(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1").WithTags("Land issues");
        group.MapPost("/sections/{sectionId:long}/land-issues", CreateLandIssue.Handle).WithName("CreateLandIssue")
            .WithValidation<LandIssueRequest>()
            .RequireAuthorization(Policies.ReportWrite);
        group.MapGet("/land-issues", ListLandIssues.Handle).WithName("ListLandIssues");
        group.MapGet("/land-issues/stats", LandIssueStatistics.Handle).WithName("GetLandIssueStats");
        group.MapGet("/land-issues/{id:long}", GetLandIssue.Handle).WithName("GetLandIssue");
        group.MapPut("/land-issues/{id:long}", UpdateLandIssue.Handle).WithName("UpdateLandIssue")
            .WithValidation<LandIssueRequest>()
            .RequireAuthorization(Policies.ReportWrite);
        group.MapPost("/land-issues/{id:long}/resolve", ResolveLandIssue.Resolve).WithName("ResolveLandIssue")
            .WithValidation<ResolveLandIssueRequest>()
            .RequireAuthorization(Policies.ReportWrite);
        group.MapPost("/land-issues/{id:long}/reopen", ResolveLandIssue.Reopen).WithName("ReopenLandIssue")
            .WithValidation<ReopenLandIssueRequest>()
            .RequireAuthorization(Policies.ReportWrite);
        return app;
    }
}
