using FluentValidation;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Http;
using Investment.Domain;
using Investment.Domain.Reporting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Reporting;

/// <summary>Why the planning section sends a submitted report back (1..1000 characters).</summary>
public sealed record ReturnReportRequest([Narrative] string? Reason);

public sealed class ReturnReportValidator : AbstractValidator<ReturnReportRequest>
{
    public ReturnReportValidator()
    {
        RuleFor(x => x.Reason).Reason();
    }
}

/// <summary>
/// The workflow steps on the month's open revision: submit (draft | returned → submitted), approve (submitted →
/// approved, superseding the revision approved before) and return (submitted → returned, with a reason). If-Match is
/// optional; when sent it must be the open revision's ETag.
/// </summary>
public static class ChangeReportStatus
{
    public static async Task<Results<Ok<MonthReportResponse>, ValidationProblem, ProblemHttpResult>> Submit(
        long sectionId, string period, InvestmentDb db, CallerScope scope, BureauClock clock, HttpContext http, CancellationToken ct)
    {
        return ReportRules.PeriodError(period, clock.Today) is { } periodError
            ? Problems.Field("period", periodError)
            : await ApplyAsync(ReportAction.Submit, null, sectionId, ReportingMonth.Parse(period), db, scope, clock, http, ct);
    }

    public static async Task<Results<Ok<MonthReportResponse>, ValidationProblem, ProblemHttpResult>> Approve(
        long sectionId, string period, InvestmentDb db, CallerScope scope, BureauClock clock, HttpContext http, CancellationToken ct)
    {
        return ReportRules.PeriodError(period, clock.Today) is { } periodError
            ? Problems.Field("period", periodError)
            : await ApplyAsync(ReportAction.Approve, null, sectionId, ReportingMonth.Parse(period), db, scope, clock, http, ct);
    }

    public static async Task<Results<Ok<MonthReportResponse>, ValidationProblem, ProblemHttpResult>> Return(
        long sectionId, string period, ReturnReportRequest request, [FromServices] IValidator<ReturnReportRequest> validator,
        InvestmentDb db, CallerScope scope, BureauClock clock, HttpContext http, CancellationToken ct)
    {
        return await ReportRules.ProblemAsync(validator, request, period, clock.Today, ct) is { } problem
            ? problem
            : await ApplyAsync(ReportAction.Return, request.Reason!.Trim(), sectionId, ReportingMonth.Parse(period), db, scope, clock, http, ct);
    }

    private static async Task<Results<Ok<MonthReportResponse>, ValidationProblem, ProblemHttpResult>> ApplyAsync(
        ReportAction action, string? returnReason, long sectionId, ReportingMonth month, InvestmentDb db, CallerScope scope,
        BureauClock clock, HttpContext http, CancellationToken ct)
    {
        var section = await ReportQueries.FindSectionAsync(scope, sectionId, ct);
        if (section is null)
        {
            return Problems.NotFound(new($"Section {sectionId}", $"标段{sectionId}"));
        }
        if (section.IsArchived)
        {
            return ReportProblems.Archived(section.ProjectCode);
        }
        if (ReportRules.ActiveFromError(section, month, clock.Today) is { } activeFromError)
        {
            return Problems.Field("period", activeFromError);
        }
        var revisions = await ReportQueries.RevisionsAsync(db, sectionId, month, tracked: false, ct);
        var open = ReportQueries.OpenOf(revisions);
        if (open is null)
        {
            return ReportQueries.ApprovedOf(revisions) is { } approved
                ? ReportProblems.Conflict(new($"The {month} report is approved; there is no open revision to {Verb(action).En}.",
                    $"{month}月报已审核，没有可{Verb(action).Zh}的版本。"), approved.Version, approved.Status)
                : ReportProblems.NoReport(sectionId, month);
        }
        if (ReportVersion.IfMatchSent(http.Request) && !ReportVersion.IfMatchAccepts(http.Request, open.Version))
        {
            return ReportProblems.PreconditionFailed(open.Version);
        }
        if (!ReportWorkflow.TryParse(open.Status, out var state) || ReportWorkflow.After(state, action) is not { } next)
        {
            var allowed = ReportWorkflow.AllowedFrom(action).Select(ReportWorkflow.ToCode).ToList();
            return ReportProblems.Conflict(new(
                $"The {month} report is {open.Status}; only a {string.Join(" or ", allowed)} report can be {Past(action)}.",
                $"{month}月报当前为“{ReportProblems.Status(open.Status).Zh}”，只有“{string.Join("”或“", allowed.Select(s => ReportProblems.Status(s).Zh))}”的月报才能{Verb(action).Zh}。"),
                open.Version, open.Status);
        }

        var now = clock.Now;
        var actor = ReportActor.Of(http);
        var nextStatus = ReportWorkflow.ToCode(next);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (action == ReportAction.Approve)
        {
            // Before the approval itself: uq_monthly_reports_approved allows one approved revision per month at any moment.
            await db.MonthlyReports
                .Where(r => r.SectionId == sectionId && r.Year == month.Year && r.Month == month.Month
                            && r.Status == ReportStatuses.Approved && r.Id != open.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ReportStatuses.Superseded).SetProperty(r => r.UpdatedAt, now), ct);
        }
        // Guarded by the version and status read above: a concurrent edit or decision makes this touch no row.
        var changed = await db.MonthlyReports
            .Where(r => r.Id == open.Id && r.Version == open.Version && r.Status == open.Status)
            .ExecuteUpdateAsync(s =>
            {
                s.SetProperty(r => r.Status, nextStatus);
                s.SetProperty(r => r.UpdatedAt, now);
                if (action == ReportAction.Submit)
                {
                    s.SetProperty(r => r.SubmittedAt, now);
                    s.SetProperty(r => r.SubmittedBy, actor);
                }
                else
                {
                    s.SetProperty(r => r.DecidedAt, now);
                    s.SetProperty(r => r.DecidedBy, actor);
                }
                if (action == ReportAction.Return)
                {
                    s.SetProperty(r => r.ReturnReason, returnReason);
                }
            }, ct);
        if (changed == 0)
        {
            await tx.RollbackAsync(ct);
            var current = await db.MonthlyReports.AsNoTracking().Where(r => r.Id == open.Id)
                .Select(r => new { r.Version, r.Status }).SingleAsync(ct);
            return ReportVersion.IfMatchSent(http.Request)
                ? ReportProblems.PreconditionFailed(current.Version)
                : ReportProblems.Conflict(new(
                    $"The {month} report was changed by someone else at the same moment (it is now {current.Status}); reload it and try again.",
                    $"{month}月报刚被他人同时修改（现为“{ReportProblems.Status(current.Status).Zh}”），请刷新后重试。"),
                    current.Version, current.Status);
        }
        await tx.CommitAsync(ct);

        var (view, etag) = await ReportQueries.MonthAsync(db, section, month, ct);
        http.Response.Headers.ETag = etag;
        return TypedResults.Ok(view);
    }

    private static Message Verb(ReportAction action) => action switch
    {
        ReportAction.Submit => new("submit", "上报"),
        ReportAction.Approve => new("approve", "审核通过"),
        _ => new("return", "退回"),
    };

    private static string Past(ReportAction action) => action switch
    {
        ReportAction.Submit => "submitted",
        ReportAction.Approve => "approved",
        _ => "returned",
    };
}
