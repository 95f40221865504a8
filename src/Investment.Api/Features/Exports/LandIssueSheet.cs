using System.Globalization;
using Investment.Api.Excel;
using Investment.Domain.LandIssues;

namespace Investment.Api.Features.Exports;

public sealed record LandIssueRow(
    string RegionName,
    string ProjectName,
    string SectionName,
    string? Town,
    string Kind,
    string Description,
    DateOnly IdentifiedOn,
    DateOnly? DueOn,
    DateOnly? ResolvedOn,
    string? ResponsibleUnit);

/// <summary>Whose issues, which of them (all / open / resolved / overdue) and the day the status is judged on.</summary>
public sealed record LandIssueHeading(string RegionName, string Status, DateOnly AsOf);

/// <summary>政策处理问题清单: one row per land-acquisition issue; overdue open issues are filled red.</summary>
public static class LandIssueSheet
{
    public const string SheetName = "政策处理问题";

    public static readonly IReadOnlyDictionary<string, string> StatusFilterLabels = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["all"] = "全部",
        ["open"] = "未解决",
        ["resolved"] = "已解决",
        ["overdue"] = "逾期未解决",
    };

    public static string Title(LandIssueHeading heading) =>
        $"{heading.RegionName} 政策处理问题清单（{StatusFilterLabels.GetValueOrDefault(heading.Status, heading.Status)}）";

    /// <summary>Writes the workbook and returns the number of data rows.</summary>
    public static int Write(Stream stream, LandIssueHeading heading, IEnumerable<LandIssueRow> rows)
    {
        var layout = new XlsxSheetLayout(SheetName,
        [
            new XlsxColumn("区县", XlsxStyle.Text),
            new XlsxColumn("项目", XlsxStyle.Text),
            new XlsxColumn("标段", XlsxStyle.Text),
            new XlsxColumn("镇街", XlsxStyle.Text),
            new XlsxColumn("类型", XlsxStyle.Text),
            new XlsxColumn("问题描述", XlsxStyle.Text),
            new XlsxColumn("发现日期", XlsxStyle.Date),
            new XlsxColumn("要求解决日期", XlsxStyle.Date),
            new XlsxColumn("解决日期", XlsxStyle.Date),
            new XlsxColumn("状态", XlsxStyle.Text),
            new XlsxColumn("责任单位", XlsxStyle.Text),
        ])
        {
            Title = Title(heading),
            Subtitle = string.Create(CultureInfo.InvariantCulture, $"截至 {heading.AsOf:yyyy-MM-dd}　红色：逾期未解决"),
        };

        using var xlsx = XlsxWriter.Create(stream);
        var sheet = xlsx.AddSheet(layout);
        var cells = new XlsxCell[layout.Columns.Count];
        foreach (var row in rows)
        {
            var status = StatusOf(row, heading.AsOf);
            cells[0] = XlsxCell.Text(row.RegionName);
            cells[1] = XlsxCell.Text(row.ProjectName);
            cells[2] = XlsxCell.Text(row.SectionName);
            cells[3] = XlsxCell.Text(row.Town);
            cells[4] = XlsxCell.Text(ExportLabels.LandIssueKind(row.Kind));
            cells[5] = XlsxCell.Text(row.Description);
            cells[6] = XlsxCell.Date(row.IdentifiedOn);
            cells[7] = XlsxCell.Date(row.DueOn);
            cells[8] = XlsxCell.Date(row.ResolvedOn);
            cells[9] = XlsxCell.Text(StatusFilterLabels[status]);
            cells[10] = XlsxCell.Text(row.ResponsibleUnit);
            sheet.WriteRow(cells, status == "overdue" ? XlsxTone.Red : XlsxTone.Plain);
        }
        xlsx.Complete();
        return sheet.RowCount;
    }

    /// <summary>resolved, overdue or open on <paramref name="asOf"/> (the domain's overdue rule).</summary>
    public static string StatusOf(LandIssueRow row, DateOnly asOf) =>
        row.ResolvedOn is { } resolved && resolved <= asOf ? "resolved"
        : LandIssueAge.IsOverdue(row.DueOn, row.ResolvedOn, asOf) ? "overdue"
        : "open";
}
