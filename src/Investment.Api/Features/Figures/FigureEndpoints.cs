namespace Investment.Api.Features.Figures;

public static class FigureEndpoints
{
    public static IEndpointRouteBuilder MapFigures(this IEndpointRouteBuilder app)
    {
        return app;
    }
}
