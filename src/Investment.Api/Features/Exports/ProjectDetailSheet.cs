using Investment.Api.Excel;
using Investment.Domain;
using Investment.Domain.Progress;

namespace Investment.Api.Features.Exports;

/// <summary>
/// One section's figures for a period: money in 万元; <see cref="MonthActual"/>, progress, narrative and problems come
/// from the approved report of the month (null when there is none), <see cref="YtdActual"/> from the approved reports
/// of January to that month (null when there are none).
/// </summary>
public sealed record ProjectDetailRow(
    string RegionName,
    string ProjectCode,
    string ProjectName,
    string Mode,
    string SectionName,
    decimal? Plan,
    decimal? MonthActual,
    decimal? YtdActual,
    decimal? PhysicalProgress,
    string? Narrative,
    string? Problems);

public sealed record ProjectDetailHeading(string RegionName, ReportingMonth Period, string Scope);

/// <summary>
/// 项目明细: one row per section, streamed — the rows can come straight from the database reader, so a 200,000-row
/// sheet never sits in memory.
/// </summary>
public static class ProjectDetailSheet
{
    public const string SheetName = "项目明细";

    public static string Title(ProjectDetailHeading heading) =>
        $"{heading.RegionName} {ExportLabels.YearToDate(heading.Period)} {ExportLabels.Scope(heading.Scope)} 项目明细";

    public static async Task<int> WriteAsync(Stream stream, ProjectDetailHeading heading, IAsyncEnumerable<ProjectDetailRow> rows,
        CancellationToken ct)
    {
        using var xlsx = XlsxWriter.Create(stream);
        var sheet = xlsx.AddSheet(Layout(heading));
        var cells = new XlsxCell[sheet.ColumnCount];
        await foreach (var row in rows.WithCancellation(ct))
        {
            WriteRow(sheet, cells, row);
        }
        xlsx.Complete();
        return sheet.RowCount;
    }

    public static int Write(Stream stream, ProjectDetailHeading heading, IEnumerable<ProjectDetailRow> rows)
    {
        using var xlsx = XlsxWriter.Create(stream);
        var sheet = xlsx.AddSheet(Layout(heading));
        var cells = new XlsxCell[sheet.ColumnCount];
        foreach (var row in rows)
        {
            WriteRow(sheet, cells, row);
        }
        xlsx.Complete();
        return sheet.RowCount;
    }

    private static XlsxSheetLayout Layout(ProjectDetailHeading heading) => new(SheetName,
    [
        new XlsxColumn("区县", XlsxStyle.Text),
        new XlsxColumn("项目编码", XlsxStyle.Text),
        new XlsxColumn("项目名称", XlsxStyle.Text),
        new XlsxColumn("方式", XlsxStyle.Text),
        new XlsxColumn("标段", XlsxStyle.Text),
        new XlsxColumn("年度计划(万元)", XlsxStyle.Wan),
        new XlsxColumn("本月完成(万元)", XlsxStyle.Wan),
        new XlsxColumn($"{ExportLabels.MonthsToDate(heading.Period)}累计(万元)", XlsxStyle.Wan),
        new XlsxColumn("完成率", XlsxStyle.Rate),
        new XlsxColumn("形象进度(%)", XlsxStyle.Yi),
        new XlsxColumn("进展情况", XlsxStyle.Text),
        new XlsxColumn("存在问题", XlsxStyle.Text),
    ])
    {
        Title = Title(heading),
        Subtitle = "单位：万元",
    };

    private static void WriteRow(XlsxSheetWriter sheet, XlsxCell[] cells, ProjectDetailRow row)
    {
        cells[0] = XlsxCell.Text(row.RegionName);
        cells[1] = XlsxCell.Text(row.ProjectCode);
        cells[2] = XlsxCell.Text(row.ProjectName);
        cells[3] = XlsxCell.Text(ExportLabels.Mode(row.Mode));
        cells[4] = XlsxCell.Text(row.SectionName);
        cells[5] = XlsxCell.Number(row.Plan);
        cells[6] = XlsxCell.Number(row.MonthActual);
        cells[7] = XlsxCell.Number(row.YtdActual);
        cells[8] = XlsxCell.Number(row.Plan is { } plan ? CompletionRate.Of(row.YtdActual ?? 0, plan) : null);
        cells[9] = XlsxCell.Number(row.PhysicalProgress);
        cells[10] = XlsxCell.Text(row.Narrative);
        cells[11] = XlsxCell.Text(row.Problems);
        sheet.WriteRow(cells);
    }
}
