using System.Globalization;
using Investment.Api.Data;
using Investment.Api.Excel;
using Investment.Api.Features.Jobs;
using Investment.Api.Features.Regions;
using Investment.Api.Features.Reporting;
using Investment.Api.Http;
using Investment.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Investment.Api.Features.Exports;

/// <summary>催报清单: the sections of a region that have not reported a month or whose report is not approved yet.</summary>
public static class ExportMissingReports
{
    public const string Kind = "missing-reports";

    /// <summary>The list <c>GET /api/v1/reports/missing</c> answers, as a sheet with whom to remind.</summary>
    public static Task<Results<FileStreamHttpResult, ValidationProblem, ProblemHttpResult>> Handle(
        HttpContext http, Exporter exporter, CancellationToken ct, string? period = null, string? regionCode = null) =>
        exporter.SendAsync(http, Kind, new ExportQuery(regionCode, period), ct);

    public static Task<Results<Accepted<JobResponse>, ValidationProblem, ProblemHttpResult>> Start(
        Exporter exporter, CancellationToken ct, string? period = null, string? regionCode = null) =>
        exporter.StartAsync(Kind, new ExportQuery(regionCode, period), ct);

    internal static async Task<ExportCheck> PrepareAsync(ExportQuery query, ExportSources sources, CancellationToken ct)
    {
        var (scope, db, clock) = sources;
        var errors = new Dictionary<string, Message>();
        var month = ExportRequests.Period(query.Period, clock.Today, errors);
        var region = await ExportRequests.RegionAsync(scope.Regions, query.RegionCode, errors, ct);
        if (errors.Count > 0)
        {
            return ExportCheck.Invalid(errors);
        }
        var codes = await RegionQueries.SubtreeCodesAsync(scope.Regions, region!.Code, ct);
        var list = await MissingReports.ListAsync(db, scope, month!.Value, region.Code, codes, projectId: null, ct);
        var title = MissingReportsSheet.Title(region.Name, month.Value);
        return ExportCheck.Ready(new PreparedExport(
            $"missing-reports-{region.Code}-{list.Period}.xlsx",
            XlsxAttachment.DisplayName(title),
            (stream, _, _) => Task.FromResult(MissingReportsSheet.Write(stream, title, sources.IssuedBy(region.Name), list, clock.DayOf)),
            _ => Task.FromResult(list.Items.Count)));
    }
}

/// <summary>
/// 未报/未审核月报清单: one row per section, with the headquarters' e-mails; missing reports filled red (the section has
/// to report), submitted ones yellow (the bureau has to review).
/// </summary>
public static class MissingReportsSheet
{
    public const string SheetName = "催报清单";

    public static readonly IReadOnlyDictionary<string, string> StateLabels = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [MissingReports.Missing] = "未填报",
        [ReportStatuses.Draft] = "草稿未提交",
        [ReportStatuses.Submitted] = "已提交待审核",
        [ReportStatuses.Returned] = "已退回待重报",
    };

    public static string Title(string regionName, ReportingMonth month) =>
        string.Create(CultureInfo.InvariantCulture, $"{regionName} {month.Year}年{month.Month}月 未报及未审核月报清单");

    public static int Write(Stream stream, string title, string? issuer, MissingReportsResponse list, Func<DateTimeOffset, DateOnly> dayOf)
    {
        var c = list.Counts;
        var layout = new XlsxSheetLayout(SheetName,
        [
            new XlsxColumn("区县", XlsxStyle.Text),
            new XlsxColumn("项目编码", XlsxStyle.Text),
            new XlsxColumn("项目", XlsxStyle.Text),
            new XlsxColumn("标段", XlsxStyle.Text),
            new XlsxColumn("状态", XlsxStyle.Text),
            new XlsxColumn("最后修改", XlsxStyle.Date),
            new XlsxColumn("指挥部联系人邮箱", XlsxStyle.Text),
        ])
        {
            Title = title,
            Issuer = issuer,
            Subtitle = string.Create(CultureInfo.InvariantCulture,
                $"应报 {c.Expected} 个标段，已审核 {c.Approved} 个，未填报 {c.Missing} 个，未审核 {c.Unapproved} 个　红色：未填报　黄色：已提交待审核"),
        };
        // A region's sections, a few thousand at most: the formatted writer whatever the size (README, Excel exports).
        using var xlsx = XlsxBook.Create(stream);
        var sheet = xlsx.AddSheet(layout);
        var cells = new XlsxCell[layout.Columns.Count];
        foreach (var item in list.Items)
        {
            cells[0] = XlsxCell.Text(item.RegionName);
            cells[1] = XlsxCell.Text(item.ProjectCode);
            cells[2] = XlsxCell.Text(item.ProjectName);
            cells[3] = XlsxCell.Text(item.SectionName);
            cells[4] = XlsxCell.Text(StateLabels.GetValueOrDefault(item.State, item.State));
            cells[5] = XlsxCell.Date(item.UpdatedAt is { } at ? dayOf(at) : null);
            cells[6] = XlsxCell.Text(string.Join("；", item.HeadquartersEmails));
            sheet.WriteRow(cells, item.State switch
            {
                MissingReports.Missing => XlsxTone.Red,
                ReportStatuses.Submitted => XlsxTone.Yellow,
                _ => XlsxTone.Plain,
            });
        }
        xlsx.Complete();
        return sheet.RowCount;
    }
}
