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
/// The month's report as the headquarters enter it. Money in 万元 (at most 4 decimals); physical progress in percent
/// of the whole works (0–100, 2 decimals). A progress below an earlier month's needs progressDecreaseReason.
/// </summary>
public sealed record SaveReportRequest(
    decimal? MonthActual,
    decimal? PhysicalProgress,
    [Narrative] string? Narrative,
    [Narrative] string? Problems,
    [Narrative] string? ProgressDecreaseReason);

public sealed class SaveReportValidator : AbstractValidator<SaveReportRequest>
{
    public SaveReportValidator()
    {
        RuleFor(x => x.MonthActual).MonthActual();
        RuleFor(x => x.PhysicalProgress).PhysicalProgress();
        RuleFor(x => x.Narrative).MaximumLength(Limits.NarrativeMax);
        RuleFor(x => x.Problems).MaximumLength(Limits.ProblemsMax);
        RuleFor(x => x.ProgressDecreaseReason).MaximumLength(Limits.ReasonMax);
    }
}

public static class SaveReport
{
    /// <summary>
    /// Creates the month's first revision as a draft (201), or replaces the open revision's figures while it is a draft
    /// or returned (200; If-Match with its ETag required). Submitted and approved months are refused with 409.
    /// </summary>
    public static async Task<Results<Created<MonthReportResponse>, Ok<MonthReportResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        long sectionId, string period, SaveReportRequest request, [FromServices] IValidator<SaveReportRequest> validator,
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
            return Problems.Conflict(new($"Project {section.ProjectCode} is archived; restore it before reporting.",
                $"项目{section.ProjectCode}已归档，请先恢复再填报。"));
        }
        if (ReportRules.ActiveFromError(section, month, clock.Today) is { } activeFromError)
        {
            return Problems.Field("period", activeFromError);
        }

        var revisions = await ReportQueries.RevisionsAsync(db, sectionId, month, tracked: true, ct);
        var open = ReportQueries.OpenOf(revisions);
        if (open is null)
        {
            if (ReportQueries.ApprovedOf(revisions) is { } approved)
            {
                return ReportProblems.Conflict(new(
                    $"{month} is approved and locked; file a correction (POST {ReportQueries.Location(sectionId, month)}/corrections) to change it.",
                    $"{month}月报已审核锁定，如需修改请提交更正。"),
                    approved.Version, approved.Status);
            }
            return await CreateAsync(db, section, month, request, clock, http, ct);
        }
        if (open.Status == ReportStatuses.Submitted)
        {
            return ReportProblems.Conflict(new(
                $"The {month} report is submitted; the planning section must return it before it can be edited.",
                $"{month}月报已上报，需审核人员退回后才能修改。"),
                open.Version, open.Status);
        }
        if (ReportProblems.IfMatchRequired(http.Request, open.Version) is { } precondition)
        {
            return precondition;
        }
        var figureErrors = await ReportRules.FigureErrorsAsync(db, sectionId, month, request.MonthActual!.Value,
            request.PhysicalProgress, request.ProgressDecreaseReason, correction: open.CorrectionReason is not null, ct);
        if (figureErrors.Count > 0)
        {
            return Problems.Fields(figureErrors);
        }

        Apply(open, request, clock.Now);
        try
        {
            // The UPDATE carries "and xmin = <version read>", so of two clients sending the same If-Match only one wins.
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            var current = await db.MonthlyReports.AsNoTracking().Where(r => r.Id == open.Id).Select(r => r.Version).SingleAsync(ct);
            return ReportProblems.PreconditionFailed(current);
        }
        var (view, etag) = await ReportQueries.MonthAsync(db, section, month, ct);
        http.Response.Headers.ETag = etag;
        return TypedResults.Ok(view);
    }

    private static async Task<Results<Created<MonthReportResponse>, Ok<MonthReportResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        InvestmentDb db, ReportSection section, ReportingMonth month, SaveReportRequest request, BureauClock clock, HttpContext http,
        CancellationToken ct)
    {
        if (ReportVersion.IfMatchSent(http.Request))
        {
            return ReportProblems.PreconditionFailed(null);
        }
        var figureErrors = await ReportRules.FigureErrorsAsync(db, section.Id, month, request.MonthActual!.Value,
            request.PhysicalProgress, request.ProgressDecreaseReason, correction: false, ct);
        if (figureErrors.Count > 0)
        {
            return Problems.Fields(figureErrors);
        }
        var now = clock.Now;
        var report = new MonthlyReport
        {
            SectionId = section.Id,
            Year = month.Year,
            Month = month.Month,
            Revision = 1,
            Status = ReportStatuses.Draft,
            CreatedAt = now,
            CreatedBy = ReportActor.Of(http),
        };
        Apply(report, request, now);
        db.MonthlyReports.Add(report);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return await CreatedConcurrentlyAsync(db, section.Id, month, ct);
        }
        var (view, etag) = await ReportQueries.MonthAsync(db, section, month, ct);
        http.Response.Headers.ETag = etag;
        return TypedResults.Created(ReportQueries.Location(section.Id, month), view);
    }

    /// <summary>Another request created the month's revision between our read and our insert; the unique index kept it single.</summary>
    internal static async Task<ProblemHttpResult> CreatedConcurrentlyAsync(
        InvestmentDb db, long sectionId, ReportingMonth month, CancellationToken ct)
    {
        var current = await db.MonthlyReports.AsNoTracking()
            .Where(r => r.SectionId == sectionId && r.Year == month.Year && r.Month == month.Month && ReportStatuses.Open.Contains(r.Status))
            .Select(r => new { r.Version, r.Status }).FirstOrDefaultAsync(ct);
        return ReportProblems.Conflict(new(
            $"Another request created the {month} report at the same moment. Reload it and apply your change with If-Match.",
            $"{month}月报刚被他人同时新建，请刷新后重新修改。"),
            current?.Version, current?.Status);
    }

    private static void Apply(MonthlyReport report, SaveReportRequest request, DateTimeOffset now)
    {
        report.MonthActual = request.MonthActual!.Value;
        report.PhysicalProgress = request.PhysicalProgress;
        report.Narrative = ReportRules.Blank(request.Narrative);
        report.Problems = ReportRules.Blank(request.Problems);
        report.ProgressDecreaseReason = ReportRules.Blank(request.ProgressDecreaseReason);
        report.UpdatedAt = now;
    }
}
