using Investment.Api.Features.Access;
using Investment.Api.Http;

namespace Investment.Api.Features.Figures;

public static class FigureEndpoints
{
    public static IEndpointRouteBuilder MapFigures(this IEndpointRouteBuilder app)
    {
        var plans = app.MapGroup("/api/v1").WithTags("Plans");
        plans.MapGet("/sections/{sectionId:long}/plans", AnnualPlans.List).WithName("ListAnnualPlans");
        plans.MapPut("/sections/{sectionId:long}/plans/{year:int}", AnnualPlans.Put).WithName("PutAnnualPlan")
            .WithValidation<PutAnnualPlanRequest>()
            .RequireAuthorization(Policies.RegistryWrite);
        plans.MapDelete("/sections/{sectionId:long}/plans/{year:int}", AnnualPlans.Delete).WithName("DeleteAnnualPlan")
            .RequireAuthorization(Policies.RegistryWrite);
        plans.MapGet("/regions/{code}/targets", RegionTargets.List).WithName("ListRegionTargets");
        plans.MapPut("/regions/{code}/targets/{year:int}/{scope}", RegionTargets.Put).WithName("PutRegionTarget")
            .WithValidation<PutRegionTargetRequest>()
            .RequireAuthorization(Policies.Administer);
        plans.MapDelete("/regions/{code}/targets/{year:int}/{scope}", RegionTargets.Delete).WithName("DeleteRegionTarget")
            .RequireAuthorization(Policies.Administer);

        var figures = app.MapGroup("/api/v1").WithTags("Figures");
        figures.MapGet("/sections/{id:long}/figures", GetSectionFigures.Handle).WithName("GetSectionFigures");
        figures.MapGet("/projects/{id:long}/figures", GetProjectFigures.Handle).WithName("GetProjectFigures");
        figures.MapGet("/regions/{code}/figures", GetRegionFigures.Handle).WithName("GetRegionFigures");
        figures.MapGet("/regions/{code}/figures/by-mode", GetRegionFiguresByMode.Handle).WithName("GetRegionFiguresByMode");
        figures.MapGet("/regions/{code}/figures/by-project", GetRegionFiguresByProject.Handle).WithName("GetRegionFiguresByProject");
        figures.MapGet("/regions/{code}/series", GetSeries.ForRegion).WithName("GetRegionSeries");
        figures.MapGet("/projects/{id:long}/series", GetSeries.ForProject).WithName("GetProjectSeries");

        var settings = app.MapGroup("/api/v1/settings").WithTags("Settings");
        settings.MapGet("/lag-thresholds", LagThresholdSettings.Get).WithName("GetLagThresholds");
        settings.MapPut("/lag-thresholds", LagThresholdSettings.Put).WithName("PutLagThresholds")
            .WithValidation<LagThresholdsRequest>()
            .RequireAuthorization(Policies.Administer);
        return app;
    }
}
