namespace Investment.Api.Features.Quantities;

public static class QuantityEndpoints
{
    public static IEndpointRouteBuilder MapQuantities(this IEndpointRouteBuilder app)
    {
        return app;
    }
}
