using Investment.Api.Excel;
using Investment.Domain;

namespace Investment.Api.Features.Exports;

public sealed record DataQualityRow(string Kind, string? RegionName, string? ProjectName, string? SectionName, string Message);

/// <summary>Whose findings (null: every region the caller sees) and of which roll-up period.</summary>
public sealed record DataQualityHeading(string? RegionName, ReportingMonth Period);

/// <summary>数据质量检查: the findings recorded with a period's roll-up, one per row, with a Chinese label per kind.</summary>
public static class DataQualitySheet
{
    public const string SheetName = "数据质量";

    public static string Title(DataQualityHeading heading) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{heading.RegionName ?? "全部地区"} {heading.Period.Year}年{heading.Period.Month}月 数据质量检查");

    /// <summary>Writes the workbook and returns the number of data rows.</summary>
    public static int Write(Stream stream, DataQualityHeading heading, IReadOnlyCollection<DataQualityRow> rows)
    {
        var layout = new XlsxSheetLayout(SheetName,
        [
            new XlsxColumn("类型", XlsxStyle.Text),
            new XlsxColumn("区县", XlsxStyle.Text),
            new XlsxColumn("项目", XlsxStyle.Text),
            new XlsxColumn("标段", XlsxStyle.Text),
            new XlsxColumn("说明", XlsxStyle.Text),
        ])
        {
            Title = Title(heading),
            Subtitle = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"共 {rows.Count} 条"),
        };

        using var xlsx = XlsxWriter.Create(stream);
        var sheet = xlsx.AddSheet(layout);
        foreach (var row in rows)
        {
            sheet.WriteRow(
            [
                XlsxCell.Text(ExportLabels.FindingKind(row.Kind)),
                XlsxCell.Text(row.RegionName),
                XlsxCell.Text(row.ProjectName),
                XlsxCell.Text(row.SectionName),
                XlsxCell.Text(row.Message),
            ]);
        }
        xlsx.Complete();
        return sheet.RowCount;
    }
}
