using Microsoft.AspNetCore.Mvc;

namespace Investment.Api.Features.Imports;

public static class ImportEndpoints
{
    public static IEndpointRouteBuilder MapImports(this IEndpointRouteBuilder app)
    {
        // The request size limit is endpoint metadata, so it is read from configuration once, at startup.
        var limits = ImportLimits.From(app.ServiceProvider.GetRequiredService<IConfiguration>());
        var group = app.MapGroup("/api/v1/imports").WithTags("Imports");
        group.MapGet("/monthly-reports/template", MonthlyReportTemplate.Handle).WithName("GetMonthlyReportTemplate")
            .Produces(StatusCodes.Status200OK, contentType: MonthlyReportTemplateWriter.ContentType);
        group.MapPost("/monthly-reports", ImportMonthlyReports.Handle).WithName("ImportMonthlyReports")
            .Accepts<IFormFile>("multipart/form-data")
            .WithMetadata(new RequestSizeLimitAttribute(limits.MaxRequestBytes))
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return app;
    }
}
