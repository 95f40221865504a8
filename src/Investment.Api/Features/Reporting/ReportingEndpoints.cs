namespace Investment.Api.Features.Reporting;

public static class ReportingEndpoints
{
    public static IEndpointRouteBuilder MapReporting(this IEndpointRouteBuilder app)
    {
        return app;
    }
}
