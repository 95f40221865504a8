using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Http;
using Investment.Domain;
using Investment.Domain.Reporting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Reporting;

/// <summary>
/// 撤回草稿: deletes the month's open revision while the headquarters may still change it (draft or returned). A first
/// report leaves the month with nothing entered; a correction draft leaves the approved revision in force, as if the
/// correction had never been opened. If-Match with the open revision's ETag is required (428 without, 412 when
/// stale), because the delete cannot be undone; a submitted revision, or an approved month with nothing open, is 409.
/// </summary>
public static class WithdrawReport
{
    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Handle(
        long sectionId, string period, InvestmentDb db, CallerScope scope, BureauClock clock, HttpContext http, CancellationToken ct)
    {
        if (ReportRules.PeriodError(period, clock.Today) is { } periodError)
        {
            return Problems.Field("period", periodError);
        }
        var month = ReportingMonth.Parse(period);
        var section = await ReportQueries.FindSectionAsync(scope, sectionId, ct);
        if (section is null)
        {
            return Problems.NotFound(new($"Section {sectionId}", $"标段{sectionId}"));
        }
        if (section.IsArchived)
        {
            return ReportProblems.Archived(section.ProjectCode);
        }
        var revisions = await ReportQueries.RevisionsAsync(db, sectionId, month, tracked: false, ct);
        var open = ReportQueries.OpenOf(revisions);
        if (open is null)
        {
            return ReportQueries.ApprovedOf(revisions) is { } approved
                ? ReportProblems.Conflict(new(
                    $"The {month} report is approved and has no open draft to withdraw; file a correction to change it.",
                    $"{month}月报已审核，没有可撤回的草稿；如需修改请提交更正。"), approved.Version, approved.Status)
                : ReportProblems.NoReport(sectionId, month);
        }
        if (!ReportWorkflow.TryParse(open.Status, out var state) || !ReportWorkflow.IsEditable(state))
        {
            return ReportProblems.Conflict(new(
                $"The {month} report is {open.Status}; only a draft or returned report can be withdrawn.",
                $"{month}月报当前为“{ReportProblems.Status(open.Status).Zh}”，只有草稿或已退回的月报才能撤回。"),
                open.Version, open.Status);
        }
        if (ReportProblems.IfMatchRequired(http.Request, open.Version) is { } precondition)
        {
            return precondition;
        }

        // Guarded by the version and status read above: an edit, a submit or another withdrawal meanwhile deletes nothing.
        var deleted = await db.MonthlyReports
            .Where(r => r.Id == open.Id && r.Version == open.Version && r.Status == open.Status)
            .ExecuteDeleteAsync(ct);
        if (deleted == 0)
        {
            var current = await db.MonthlyReports.AsNoTracking().Where(r => r.Id == open.Id)
                .Select(r => (uint?)r.Version).SingleOrDefaultAsync(ct);
            return current is { } version
                ? ReportProblems.PreconditionFailed(version)
                : ReportProblems.NoReport(sectionId, month);
        }
        return TypedResults.NoContent();
    }
}
