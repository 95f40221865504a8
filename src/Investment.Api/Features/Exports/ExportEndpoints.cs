using Investment.Api.Data;
using Investment.Api.Excel;
using Investment.Api.Features.Access;
using Investment.Api.Features.Jobs;

namespace Investment.Api.Features.Exports;

public static class ExportEndpoints
{
    /// <summary>
    /// Each export twice: GET answers with the workbook (up to Exports:SynchronousMaxRows rows), POST with the same query
    /// string starts a job that stores it for download from /api/v1/jobs/{id}/file.
    /// </summary>
    public static RouteGroupBuilder MapExports(this IEndpointRouteBuilder app)
    {
        // Roll-up tables and Excel for planning, leadership and administrators, each narrowed to the caller's regions.
        var group = app.MapGroup("/api/v1/exports").WithTags("Exports").RequireAuthorization(Policies.RollupRead);
        group.MapGet("/county-ranking", ExportCountyRanking.Handle).WithName("ExportCountyRanking").ProducesXlsx();
        group.MapGet("/project-detail", ExportProjectDetail.Handle).WithName("ExportProjectDetail").ProducesXlsx();
        group.MapGet("/land-issues", ExportLandIssues.Handle).WithName("ExportLandIssues").ProducesXlsx();
        group.MapGet("/mode-breakdown", ExportModeBreakdown.Handle).WithName("ExportModeBreakdown").ProducesXlsx();
        group.MapGet("/data-quality", ExportDataQuality.Handle).WithName("ExportDataQuality").ProducesXlsx();
        group.MapGet("/missing-reports", ExportMissingReports.Handle).WithName("ExportMissingReports").ProducesXlsx();
        // Starting a job is long work on the cluster's behalf, like a roll-up: planning sections and administrators.
        // Leaders read exports up to the synchronous limit.
        group.MapPost("/county-ranking", ExportCountyRanking.Start).WithName("StartCountyRankingExport").RequireAuthorization(Policies.RollupRun);
        group.MapPost("/project-detail", ExportProjectDetail.Start).WithName("StartProjectDetailExport").RequireAuthorization(Policies.RollupRun);
        group.MapPost("/land-issues", ExportLandIssues.Start).WithName("StartLandIssuesExport").RequireAuthorization(Policies.RollupRun);
        group.MapPost("/mode-breakdown", ExportModeBreakdown.Start).WithName("StartModeBreakdownExport").RequireAuthorization(Policies.RollupRun);
        group.MapPost("/data-quality", ExportDataQuality.Start).WithName("StartDataQualityExport").RequireAuthorization(Policies.RollupRun);
        group.MapPost("/missing-reports", ExportMissingReports.Start).WithName("StartMissingReportsExport").RequireAuthorization(Policies.RollupRun);

        // Under the job it belongs to: whoever may see the job (its starter, administrators) may fetch its file.
        app.MapGet("/api/v1/jobs/{id:guid}/file", DownloadExportFile.Handle).WithTags("Jobs").WithName("DownloadExportFile").ProducesXlsx();
        return group;
    }

    public static IServiceCollection AddExports(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ExportSettings>().Bind(configuration.GetSection("Exports"))
            .Validate(s => s.SynchronousMaxRows >= 1, "Exports:SynchronousMaxRows must be at least 1.")
            .Validate(s => s.FileRetention > TimeSpan.Zero, "Exports:FileRetention must be a positive time span, e.g. 7.00:00:00.")
            .Validate(s => s.MaxConcurrentJobsPerNode >= 1, "Exports:MaxConcurrentJobsPerNode must be at least 1.")
            .ValidateOnStart();
        services.AddScoped<ExportSources>();
        services.AddScoped<Exporter>();
        services.AddSingleton<ExportFileStore>();
        services.AddQueuedJobHandler<ExportJobHandler>(JobKinds.Export, JobQueues.Exports);
        return services;
    }

    private static RouteHandlerBuilder ProducesXlsx(this RouteHandlerBuilder builder) =>
        builder.Produces<Stream>(StatusCodes.Status200OK, XlsxWriter.ContentType);
}
