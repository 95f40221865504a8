using Investment.Api.Features.Access;
using Investment.Api.Http;

namespace Investment.Api.Features.Quantities;

public static class QuantityEndpoints
{
    public static IEndpointRouteBuilder MapQuantities(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1").WithTags("Physical quantities");
        group.MapPut("/projects/{id:long}/quantity-targets", SetQuantityTarget.Handle).WithName("SetQuantityTarget")
            .WithValidation<SetQuantityTargetRequest>()
            .RequireAuthorization(Policies.RegistryWrite);
        group.MapGet("/projects/{id:long}/quantities", GetProjectQuantities.Handle).WithName("GetProjectQuantities");
        group.MapGet("/quantity-targets/{targetId:long}", GetQuantityTarget.Handle).WithName("GetQuantityTarget");
        group.MapDelete("/quantity-targets/{targetId:long}", DeleteQuantityTarget.Handle).WithName("DeleteQuantityTarget")
            .RequireAuthorization(Policies.RegistryWrite);
        group.MapPut("/quantity-targets/{targetId:long}/progress/{period}", SetQuantityProgress.Handle)
            .WithName("SetQuantityProgress").WithValidation<SetQuantityProgressRequest>()
            .RequireAuthorization(Policies.RegistryWrite);
        group.MapGet("/regions/{code}/quantities", GetRegionQuantities.Handle).WithName("GetRegionQuantities");
        return app;
    }
}
