using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Exports;
using Investment.Api.Features.Reporting;
using Investment.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Imports;

public static class MonthlyReportTemplate
{
    /// <summary>
    /// The xlsx template for a region (county, or a city or province for all their counties) and a period: one row per
    /// section expected to report (<see cref="SectionQueries.ExpectedToReport"/>, as <c>GET /api/v1/reports/missing</c>);
    /// a section without an annual plan for the year is listed too, with a note saying why its plan cell is empty. Draft and returned months are
    /// pre-filled with the open revision's figures; submitted and approved months are listed with locked, empty cells.
    /// </summary>
    public static async Task<Results<FileContentHttpResult, ValidationProblem>> Handle(
        string? regionCode, string? period, HttpContext http, InvestmentDb db, CallerScope scope, BureauClock clock,
        IConfiguration configuration, CancellationToken ct)
    {
        var limits = ImportLimits.From(configuration);
        var (target, errors) = await ImportTarget.ResolveAsync(scope, regionCode, period, clock.Today, ct);
        if (target is null)
        {
            return Problems.Fields(errors);
        }
        var month = target.Month;
        var codes = target.RegionCodes.ToList();
        var sections = await scope.Sections.AsNoTracking().ExpectedToReport(month)
            .Where(s => codes.Contains(s.RegionCode))
            .OrderBy(s => s.RegionCode).ThenBy(s => s.Project!.Code).ThenBy(s => s.Id)
            .Select(s => new
            {
                s.Id, s.Name, RegionName = s.Region!.Name, ProjectCode = s.Project!.Code, ProjectName = s.Project.Name,
                Planned = s.AnnualPlans.Any(a => a.Year == month.Year),
            })
            .Take(limits.MaxRows + 1)
            .ToListAsync(ct);
        if (sections.Count > limits.MaxRows)
        {
            // Such a template could not be uploaded again; a province or a large city downloads one per county.
            return Problems.Field("regionCode", new(
                $"{target.RegionName} has more than {limits.MaxRows} sections to report, the most one upload may hold; download a template per county.",
                $"{target.RegionName}需填报的标段超过{limits.MaxRows}个（一次上传的上限），请按县分别下载模板。"));
        }
        var ids = sections.Select(s => s.Id).ToList();
        var revisions = (await db.MonthlyReports.AsNoTracking()
                .Where(r => ids.Contains(r.SectionId) && r.Year == month.Year && r.Month == month.Month)
                .OrderByDescending(r => r.Revision)
                .ToListAsync(ct))
            .ToLookup(r => r.SectionId);

        var rows = sections.Select(s =>
        {
            var open = ReportQueries.OpenOf(revisions[s.Id]);
            var approved = ReportQueries.ApprovedOf(revisions[s.Id]);
            var editable = open is null ? approved is null : open.Status != ReportStatuses.Submitted;
            var shown = editable ? open : null;
            // The sheet has no plan column, so the state says why planning will find no plan to weigh the month against.
            var state = s.Planned ? StateText(open, approved) : StateText(open, approved) + NoPlanNote(month.Year);
            return new TemplateRow(s.Id, s.RegionName, s.ProjectCode, s.ProjectName, s.Name, state, editable,
                open?.CorrectionReason is not null, shown?.MonthActual, shown?.PhysicalProgress, shown?.ProgressDecreaseReason,
                shown?.Narrative, shown?.Problems);
        }).ToList();

        using var output = new MemoryStream();
        MonthlyReportTemplateWriter.Write(output, new TemplateModel(target.RegionCode, target.RegionName, month, clock.Now,
            Excel.XlsxSheetLayout.IssuedBy(clock.BureauName(target.RegionName), clock.Today), rows));
        // Named as the exports are: Chinese in filename*, an ASCII fallback in filename for clients that lack it.
        XlsxAttachment.SetDisposition(http, $"monthly-reports-{target.RegionCode}-{month}.xlsx",
            XlsxAttachment.DisplayName(MonthlyReportSheet.DownloadTitle(target.RegionName, month)));
        return TypedResults.File(output.ToArray(), MonthlyReportTemplateWriter.ContentType);
    }

    internal static string NoPlanNote(int year) => $"（{year}年度计划尚未录入，仍需按月填报）";

    /// <summary>The 填报状态 column: where the month stands, in the words the headquarters use.</summary>
    internal static string StateText(MonthlyReport? open, MonthlyReport? approved) => open?.Status switch
    {
        ReportStatuses.Draft when open.CorrectionReason is not null => "更正草稿",
        ReportStatuses.Draft => "草稿",
        ReportStatuses.Returned => "已退回，请修改",
        ReportStatuses.Submitted => "已提交，待审核（不可修改）",
        _ => approved is not null ? "已审核（已锁定）" : "未填报",
    };
}
