using Investment.Api.Features.Access;
using Investment.Api.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;

namespace Investment.Api.Features.Imports;

public static class ImportEndpoints
{
    public static IEndpointRouteBuilder MapImports(this IEndpointRouteBuilder app)
    {
        // The request size limit is endpoint metadata, so it is read from configuration once, at startup.
        var limits = ImportLimits.From(app.ServiceProvider.GetRequiredService<IConfiguration>());
        // For those who write monthly reports (planning, headquarters, administrators): the template lists only the
        // sections in the caller's scope, and an upload row of any other section is refused as unknown.
        var group = app.MapGroup("/api/v1/imports").WithTags("Imports").RequireAuthorization(Policies.ReportWrite);
        group.MapGet("/monthly-reports/template", MonthlyReportTemplate.Handle).WithName("GetMonthlyReportTemplate")
            .Produces(StatusCodes.Status200OK, contentType: MonthlyReportTemplateWriter.ContentType);
        // The multipart body is described for OpenAPI only: Accepts() metadata would make routing answer a wrong content
        // type with its own bare 415, before the handler can say (in Chinese and English) what to send instead.
        group.MapPost("/monthly-reports", ImportMonthlyReports.Handle).WithName("ImportMonthlyReports")
            .WithMetadata(new RequestSizeLimitAttribute(limits.MaxRequestBytes), RequestShape.HandlerReadsBody.Instance)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = "The filled-in template (.xlsx) as the one file of a multipart/form-data body.",
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["multipart/form-data"] = new()
                        {
                            Schema = new OpenApiSchema
                            {
                                Type = JsonSchemaType.Object,
                                Required = new HashSet<string> { "file" },
                                Properties = new Dictionary<string, IOpenApiSchema>
                                {
                                    ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
                                },
                            },
                        },
                    },
                };
                return Task.CompletedTask;
            })
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return app;
    }
}
