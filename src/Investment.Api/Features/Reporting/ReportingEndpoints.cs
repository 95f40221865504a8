using Investment.Api.Features.Access;

namespace Investment.Api.Features.Reporting;

public static class ReportingEndpoints
{
    public static IEndpointRouteBuilder MapReporting(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1").WithTags("Monthly reports");
        const string month = "/sections/{sectionId:long}/reports/{period}";

        group.MapGet("/sections/{sectionId:long}/reports", ListSectionReports.Handle).WithName("ListSectionReports");
        group.MapGet(month, GetReport.Handle).WithName("GetMonthlyReport");
        group.MapPut(month, SaveReport.Handle).WithName("SaveMonthlyReport").ProducesValidationProblem()
            .RequireAuthorization(Policies.ReportWrite);
        group.MapDelete(month, WithdrawReport.Handle).WithName("WithdrawMonthlyReport")
            .RequireAuthorization(Policies.ReportWrite);
        group.MapPost($"{month}/submit", ChangeReportStatus.Submit).WithName("SubmitMonthlyReport")
            .RequireAuthorization(Policies.ReportWrite);
        group.MapPost($"{month}/approve", ChangeReportStatus.Approve).WithName("ApproveMonthlyReport")
            .RequireAuthorization(Policies.ReportDecide);
        group.MapPost($"{month}/return", ChangeReportStatus.Return).WithName("ReturnMonthlyReport").ProducesValidationProblem()
            .RequireAuthorization(Policies.ReportDecide);
        group.MapPost($"{month}/corrections", CreateCorrection.Handle).WithName("CreateReportCorrection").ProducesValidationProblem()
            .RequireAuthorization(Policies.ReportWrite);
        group.MapGet("/reports/missing", MissingReports.Handle).WithName("ListMissingReports");
        group.MapGet("/reports/worklist", ReportQueues.Worklist).WithName("GetReportingWorklist");
        group.MapGet("/reports", ReportQueues.List).WithName("ListReports");
        return app;
    }
}
