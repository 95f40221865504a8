namespace Investment.Api.Features.LandIssues;

public static class LandIssueEndpoints
{
    public static IEndpointRouteBuilder MapLandIssues(this IEndpointRouteBuilder app)
    {
        return app;
    }
}
