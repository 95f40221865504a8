using System.Globalization;
using Investment.Api.Excel;
using Investment.Domain;

namespace Investment.Api.Features.Exports;

/// <summary>A finding with its texts: <paramref name="MessageZh"/> is null for findings recorded before the roll-up wrote Chinese.</summary>
public sealed record DataQualityRow(
    string Kind, string? RegionName, string? ProjectName, string? SectionName, string Message, string? MessageZh = null);

/// <summary>Whose findings (null: every region the caller sees), of which roll-up period, and the 制表单位 line.</summary>
public sealed record DataQualityHeading(string? RegionName, ReportingMonth Period, string? Issuer = null);

/// <summary>
/// 数据质量检查: the findings recorded with a period's roll-up, one per row, with a Chinese label per kind and the
/// finding's Chinese text wrapped inside its column. Up to <see cref="XlsxWorkbooks.FormattedMaxRows"/> rows with
/// ClosedXML, more with the streaming writer, the same layout.
/// </summary>
public static class DataQualitySheet
{
    public const string SheetName = "数据质量";

    /// <summary>The text column's width in characters, about 30 Chinese characters a line.</summary>
    public const int MessageWidth = 60;

    public static string Title(DataQualityHeading heading) =>
        string.Create(CultureInfo.InvariantCulture, $"{heading.RegionName ?? "全部地区"} {heading.Period.Year}年{heading.Period.Month}月 数据质量检查");

    /// <summary>
    /// The finding's Chinese text; for one recorded before the roll-up wrote Chinese, a Chinese sentence of its kind (its
    /// figures are only in the English text, which a county clerk should not have to read).
    /// </summary>
    public static string Text(DataQualityRow row) =>
        row.MessageZh ?? $"{ExportLabels.FindingKind(row.Kind)}。本期汇总早于中文说明，重新汇总本期后显示详细说明。";

    /// <summary>Writes the workbook and returns the number of data rows.</summary>
    public static int Write(Stream stream, DataQualityHeading heading, IReadOnlyCollection<DataQualityRow> rows)
    {
        var layout = new XlsxSheetLayout(SheetName,
        [
            new XlsxColumn("类型", XlsxStyle.Text),
            new XlsxColumn("区县", XlsxStyle.Text),
            new XlsxColumn("项目", XlsxStyle.Text),
            new XlsxColumn("标段", XlsxStyle.Text),
            new XlsxColumn("说明", XlsxStyle.WrappedText, MessageWidth),
        ])
        {
            Title = Title(heading),
            Issuer = heading.Issuer,
            Subtitle = string.Create(CultureInfo.InvariantCulture, $"共 {rows.Count} 条"),
        };

        using var xlsx = XlsxWorkbooks.Create(stream, rows.Count);
        var sheet = xlsx.AddSheet(layout);
        var cells = new XlsxCell[layout.Columns.Count];
        foreach (var row in rows)
        {
            cells[0] = XlsxCell.Text(ExportLabels.FindingKind(row.Kind));
            cells[1] = XlsxCell.Text(row.RegionName);
            cells[2] = XlsxCell.Text(row.ProjectName);
            cells[3] = XlsxCell.Text(row.SectionName);
            cells[4] = XlsxCell.Text(Text(row));
            sheet.WriteRow(cells);
        }
        xlsx.Complete();
        return sheet.RowCount;
    }
}
