using Investment.Api.Features.Access;
using Investment.Api.Http;

namespace Investment.Api.Features.Funding;

public static class FundingEndpoints
{
    public static IEndpointRouteBuilder MapFunding(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1").WithTags("Funding");
        group.MapGet("/projects/{id:long}/funding", GetFunding.ForProject).WithName("GetProjectFunding");
        group.MapPost("/projects/{id:long}/funding", SaveFundingLine.Create).WithName("CreateFundingLine")
            .WithValidation<FundingRequest>()
            .RequireAuthorization(Policies.RegistryWrite);
        group.MapGet("/funding/{fundingId:long}", GetFunding.Line).WithName("GetFundingLine");
        group.MapPut("/funding/{fundingId:long}", SaveFundingLine.Update).WithName("UpdateFundingLine")
            .WithValidation<FundingRequest>()
            .RequireAuthorization(Policies.RegistryWrite);
        group.MapDelete("/funding/{fundingId:long}", SaveFundingLine.Delete).WithName("DeleteFundingLine")
            .RequireAuthorization(Policies.RegistryWrite);
        group.MapGet("/regions/{code}/funding", GetFunding.ForRegion).WithName("GetRegionFunding");
        return app;
    }
}
