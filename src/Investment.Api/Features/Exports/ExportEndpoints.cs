using Investment.Api.Features.Access;
using Investment.Api.Excel;

namespace Investment.Api.Features.Exports;

public static class ExportEndpoints
{
    public static RouteGroupBuilder MapExports(this IEndpointRouteBuilder app)
    {
        // Roll-up tables and Excel for planning, leadership and administrators, each narrowed to the caller's regions.
        var group = app.MapGroup("/api/v1/exports").WithTags("Exports").RequireAuthorization(Policies.RollupRead);
        group.MapGet("/county-ranking", ExportCountyRanking.Handle).WithName("ExportCountyRanking").ProducesXlsx();
        group.MapGet("/project-detail", ExportProjectDetail.Handle).WithName("ExportProjectDetail").ProducesXlsx();
        group.MapGet("/land-issues", ExportLandIssues.Handle).WithName("ExportLandIssues").ProducesXlsx();
        group.MapGet("/mode-breakdown", ExportModeBreakdown.Handle).WithName("ExportModeBreakdown").ProducesXlsx();
        group.MapGet("/data-quality", ExportDataQuality.Handle).WithName("ExportDataQuality").ProducesXlsx();
        return group;
    }

    private static RouteHandlerBuilder ProducesXlsx(this RouteHandlerBuilder builder) =>
        builder.Produces<Stream>(StatusCodes.Status200OK, XlsxWriter.ContentType);
}
