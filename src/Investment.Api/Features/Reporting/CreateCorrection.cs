using FluentValidation;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Http;
using Investment.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Investment.Api.Features.Reporting;

/// <summary>
/// A correction of an approved month: the whole month as it should read, and why. Unlike a first report,
/// <c>monthActual</c> may be negative (a reversal of an amount booked in error), 万元 with at most 4 decimals.
/// </summary>
public sealed record CreateCorrectionRequest(
    decimal? MonthActual,
    decimal? PhysicalProgress,
    [Narrative] string? Narrative,
    [Narrative] string? Problems,
    [Narrative] string? Reason,
    [Narrative] string? ProgressDecreaseReason);

public sealed class CreateCorrectionValidator : AbstractValidator<CreateCorrectionRequest>
{
    public CreateCorrectionValidator()
    {
        RuleFor(x => x.MonthActual).MonthActual();
        RuleFor(x => x.PhysicalProgress).PhysicalProgress();
        RuleFor(x => x.Narrative).MaximumLength(Limits.NarrativeMax);
        RuleFor(x => x.Problems).MaximumLength(Limits.ProblemsMax);
        RuleFor(x => x.Reason).Reason();
        RuleFor(x => x.ProgressDecreaseReason).MaximumLength(Limits.ReasonMax);
    }
}

public static class CreateCorrection
{
    /// <summary>
    /// Opens a correction of an approved month as a new draft revision. The approved figures stay in force until the
    /// correction is approved. Refused (409) while another revision of the month is open or nothing is approved yet.
    /// An optional If-Match must be the approved revision's ETag.
    /// </summary>
    public static async Task<Results<Created<MonthReportResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        long sectionId, string period, CreateCorrectionRequest request, [FromServices] IValidator<CreateCorrectionRequest> validator,
        InvestmentDb db, CallerScope scope, BureauClock clock, HttpContext http, CancellationToken ct)
    {
        if (await ReportRules.ProblemAsync(validator, request, period, clock.Today, ct) is { } problem)
        {
            return problem;
        }
        var month = ReportingMonth.Parse(period);
        var section = await ReportQueries.FindSectionAsync(scope, sectionId, ct);
        if (section is null)
        {
            return Problems.NotFound(new($"Section {sectionId}", $"标段{sectionId}"));
        }
        if (section.IsArchived)
        {
            return Problems.Conflict(new($"Project {section.ProjectCode} is archived; restore it before correcting its reports.",
                $"项目{section.ProjectCode}已归档，请先恢复再更正月报。"));
        }
        if (ReportRules.ActiveFromError(section, month, clock.Today) is { } activeFromError)
        {
            return Problems.Field("period", activeFromError);
        }

        var revisions = await ReportQueries.RevisionsAsync(db, sectionId, month, tracked: false, ct);
        if (ReportQueries.OpenOf(revisions) is { } open)
        {
            return ReportProblems.Conflict(new(
                $"Revision {open.Revision} of {month} is open ({open.Status}); finish it before filing another correction.",
                $"{month}的第{open.Revision}版尚未办结（{ReportProblems.Status(open.Status).Zh}），请办结后再提交新的更正。"),
                open.Version, open.Status);
        }
        if (ReportQueries.ApprovedOf(revisions) is not { } approved)
        {
            return ReportProblems.Conflict(new(
                $"{month} has no approved report to correct; enter the report with PUT {ReportQueries.Location(sectionId, month)}.",
                $"{month}还没有已审核的月报可更正，请直接填报该月月报。"),
                null);
        }
        if (ReportVersion.IfMatchSent(http.Request) && !ReportVersion.IfMatchAccepts(http.Request, approved.Version))
        {
            return ReportProblems.PreconditionFailed(approved.Version);
        }
        var figureErrors = await ReportRules.FigureErrorsAsync(db, sectionId, month, request.MonthActual!.Value,
            request.PhysicalProgress, request.ProgressDecreaseReason, correction: true, ct);
        if (figureErrors.Count > 0)
        {
            return Problems.Fields(figureErrors);
        }

        var now = clock.Now;
        db.MonthlyReports.Add(new MonthlyReport
        {
            SectionId = sectionId,
            Year = month.Year,
            Month = month.Month,
            Revision = revisions.Max(r => r.Revision) + 1,
            Status = ReportStatuses.Draft,
            MonthActual = request.MonthActual!.Value,
            PhysicalProgress = request.PhysicalProgress,
            Narrative = ReportRules.Blank(request.Narrative),
            Problems = ReportRules.Blank(request.Problems),
            CorrectionReason = request.Reason!.Trim(),
            ProgressDecreaseReason = ReportRules.Blank(request.ProgressDecreaseReason),
            CreatedAt = now,
            CreatedBy = ReportActor.Of(http),
            UpdatedAt = now,
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return await SaveReport.CreatedConcurrentlyAsync(db, sectionId, month, ct);
        }
        var (view, etag) = await ReportQueries.MonthAsync(db, section, month, ct);
        http.Response.Headers.ETag = etag;
        return TypedResults.Created(ReportQueries.Location(sectionId, month), view);
    }
}
