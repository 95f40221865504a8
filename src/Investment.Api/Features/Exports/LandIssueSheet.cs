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

/// <summary>
/// Whose issues, which of them (all / open / resolved / overdue) and the day the status is judged on; the 制表单位 line;
/// the counts of the summary block (every issue of the region, whatever the filter: the land-issue statistics' total);
/// whether the region has sub-regions, so a 区县 column says something (a county's list would repeat its own name).
/// </summary>
public sealed record LandIssueHeading(string RegionName, string Status, DateOnly AsOf)
{
    public string? Issuer { get; init; }

    public LandIssueCounts? Counts { get; init; }

    public bool ByRegion { get; init; } = true;
}

/// <summary>排查 (identified), 已解决, 未解决, 逾期 and 解决率, as <c>GET /land-issues/stats</c> counts them.</summary>
public sealed record LandIssueCounts(int Identified, int Resolved, int Open, int Overdue, decimal? ResolutionRate);

/// <summary>
/// 政策处理问题清单: the summary block, then one row per land-acquisition issue; overdue open issues are filled red. A list
/// of up to <see cref="XlsxWorkbooks.FormattedMaxRows"/> rows is written with ClosedXML, a longer one by the streaming
/// writer, with the same layout.
/// </summary>
public static class LandIssueSheet
{
    public const string SheetName = "政策处理问题";

    /// <summary>The description's width in characters: long descriptions wrap inside it rather than widen the sheet.</summary>
    public const int DescriptionWidth = 40;

    public static readonly IReadOnlyDictionary<string, string> StatusFilterLabels = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["all"] = "全部",
        ["open"] = "未解决",
        ["resolved"] = "已解决",
        ["overdue"] = "逾期未解决",
    };

    public static string Title(LandIssueHeading heading) =>
        $"{heading.RegionName} 政策处理问题清单（{StatusFilterLabels.GetValueOrDefault(heading.Status, heading.Status)}）";

    public static XlsxSheetLayout Layout(LandIssueHeading heading)
    {
        List<XlsxColumn> columns = heading.ByRegion ? [new XlsxColumn("区县", XlsxStyle.Text)] : [];
        columns.AddRange(
        [
            new XlsxColumn("项目", XlsxStyle.Text),
            new XlsxColumn("标段", XlsxStyle.Text),
            new XlsxColumn("镇街", XlsxStyle.Text),
            new XlsxColumn("类型", XlsxStyle.Text),
            new XlsxColumn("问题描述", XlsxStyle.WrappedText, DescriptionWidth),
            new XlsxColumn("发现日期", XlsxStyle.Date),
            new XlsxColumn("要求解决日期", XlsxStyle.Date),
            new XlsxColumn("解决日期", XlsxStyle.Date),
            new XlsxColumn("状态", XlsxStyle.Text),
            new XlsxColumn("责任单位", XlsxStyle.Text),
        ]);
        return new XlsxSheetLayout(SheetName, columns)
        {
            Title = Title(heading),
            Issuer = heading.Issuer,
            Subtitle = string.Create(CultureInfo.InvariantCulture, $"截至 {heading.AsOf:yyyy-MM-dd}　红色：逾期未解决"),
            Summary = heading.Counts is { } c
                ?
                [
                    new XlsxSummaryItem("排查", XlsxCell.Number(c.Identified), XlsxStyle.WholeNumber),
                    new XlsxSummaryItem("已解决", XlsxCell.Number(c.Resolved), XlsxStyle.WholeNumber),
                    new XlsxSummaryItem("未解决", XlsxCell.Number(c.Open), XlsxStyle.WholeNumber),
                    new XlsxSummaryItem("逾期", XlsxCell.Number(c.Overdue), XlsxStyle.WholeNumber),
                    new XlsxSummaryItem("解决率", XlsxCell.Number(c.ResolutionRate), XlsxStyle.Rate),
                ]
                : [],
        };
    }

    /// <summary>Writes the workbook, with the writer its size calls for, and returns the number of data rows.</summary>
    public static int Write(Stream stream, LandIssueHeading heading, IReadOnlyCollection<LandIssueRow> rows)
    {
        using var xlsx = XlsxWorkbooks.Create(stream, rows.Count);
        return Write(xlsx, heading, rows);
    }

    /// <summary>Writes the sheet with a given writer (the benchmark times both on the same rows) and completes the workbook.</summary>
    public static int Write(IXlsxWorkbook xlsx, LandIssueHeading heading, IEnumerable<LandIssueRow> rows)
    {
        var layout = Layout(heading);
        var sheet = xlsx.AddSheet(layout);
        var cells = new XlsxCell[layout.Columns.Count];
        foreach (var row in rows)
        {
            var status = StatusOf(row, heading.AsOf);
            var c = 0;
            if (heading.ByRegion)
            {
                cells[c++] = XlsxCell.Text(row.RegionName);
            }
            cells[c++] = XlsxCell.Text(row.ProjectName);
            // A project of one section often names it after itself: the name once, not twice in a row.
            cells[c++] = XlsxCell.Text(row.SectionName == row.ProjectName ? null : row.SectionName);
            cells[c++] = XlsxCell.Text(row.Town);
            cells[c++] = XlsxCell.Text(ExportLabels.LandIssueKind(row.Kind));
            cells[c++] = XlsxCell.Text(row.Description);
            cells[c++] = XlsxCell.Date(row.IdentifiedOn);
            cells[c++] = XlsxCell.Date(row.DueOn);
            cells[c++] = XlsxCell.Date(row.ResolvedOn);
            cells[c++] = XlsxCell.Text(StatusFilterLabels[status]);
            cells[c] = XlsxCell.Text(row.ResponsibleUnit);
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
