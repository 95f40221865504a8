namespace Investment.Api.Features.Funding;

public static class FundingEndpoints
{
    public static IEndpointRouteBuilder MapFunding(this IEndpointRouteBuilder app)
    {
        return app;
    }
}
