using Investment.Api.Excel;
using Investment.Domain;
using Investment.Domain.Progress;

namespace Investment.Api.Features.Exports;

/// <summary>
/// One county (or city, in a province's table) of a ranking table; money in 万元, rates as ratios. <see cref="Plan"/> is the
/// sum of its sections' annual plans, which <see cref="CompletionRate"/> is measured against; <see cref="Task"/> is the
/// assessed task (年度任务) the region was given for the scope and year, when it has one.
/// </summary>
public sealed record CountyRankingRow(
    int? Rank,
    string RegionCode,
    string RegionName,
    decimal Plan,
    decimal YtdActual,
    decimal? CompletionRate,
    decimal? TimeElapsedProgress,
    decimal? Lag,
    decimal PreviousYtd,
    decimal? YoyGrowth,
    bool RedLag,
    decimal? Task = null);

/// <summary>What the title says: whose children are ranked, for which period, scope and metric.</summary>
public sealed record CountyRankingHeading(string ParentName, bool ParentIsProvince, ReportingMonth Period, string Scope, string RankBy);

/// <summary>
/// 县（市、区）排名: the children of a city ranked for a period and scope, in 亿元, red-lag rows filled red.
/// Writes the rows in the order given (the query orders by rank, then region code).
/// </summary>
public static class CountyRankingSheet
{
    public const string SheetName = "排名";

    public static readonly IReadOnlyDictionary<string, string> RankByLabels = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ytd"] = "完成投资",
        ["completion"] = "完成率",
        ["yoy"] = "同比增长",
    };

    public static string Title(CountyRankingHeading heading) =>
        $"{heading.ParentName} {ExportLabels.YearToDate(heading.Period)} {ExportLabels.Scope(heading.Scope)} {ChildLabel(heading)}排名";

    /// <summary>
    /// Writes the workbook and returns the number of data rows. When any region of the table has an assessed task, the
    /// task and the share of it done (年度任务, 完成年度任务%) follow the plan-based completion rate; regions without one
    /// leave those cells empty. Without any task the table keeps its plan-only columns.
    /// </summary>
    public static int Write(Stream stream, CountyRankingHeading heading, IEnumerable<CountyRankingRow> rows)
    {
        // One parent's children: few enough to look at twice (whether any has a task decides the columns).
        var table = rows as IReadOnlyCollection<CountyRankingRow> ?? rows.ToList();
        var withTask = table.Any(r => r.Task is not null);
        var monthsToDate = ExportLabels.MonthsToDate(heading.Period);
        List<XlsxColumn> columns =
        [
            new XlsxColumn("排名", XlsxStyle.WholeNumber),
            new XlsxColumn(ChildLabel(heading), XlsxStyle.Text),
            new XlsxColumn("年度计划", XlsxStyle.Yi),
            new XlsxColumn($"{monthsToDate}完成", XlsxStyle.Yi),
            new XlsxColumn("完成率", XlsxStyle.Rate),
        ];
        if (withTask)
        {
            columns.Add(new XlsxColumn("年度任务", XlsxStyle.Yi));
            columns.Add(new XlsxColumn("完成年度任务%", XlsxStyle.Rate));
        }
        columns.AddRange(
        [
            new XlsxColumn("序时进度", XlsxStyle.Rate),
            new XlsxColumn("进度差", XlsxStyle.Rate),
            new XlsxColumn("去年同期", XlsxStyle.Yi),
            new XlsxColumn("同比增长", XlsxStyle.Rate),
        ]);
        var layout = new XlsxSheetLayout(SheetName, columns)
        {
            Title = Title(heading),
            Subtitle = $"单位：亿元　排名依据：{RankByLabels.GetValueOrDefault(heading.RankBy, heading.RankBy)}　红色：进度滞后",
        };

        using var xlsx = XlsxWriter.Create(stream);
        var sheet = xlsx.AddSheet(layout);
        var cells = new XlsxCell[layout.Columns.Count];
        foreach (var row in table)
        {
            var c = 0;
            cells[c++] = XlsxCell.Number(row.Rank);
            cells[c++] = XlsxCell.Text(row.RegionName);
            // 亿元 = 万元 ÷ 10,000, exact in decimal; the 0.00 format does the rounding for display only.
            cells[c++] = XlsxCell.Number(Money.WanToYi(row.Plan));
            cells[c++] = XlsxCell.Number(Money.WanToYi(row.YtdActual));
            cells[c++] = XlsxCell.Number(row.CompletionRate);
            if (withTask)
            {
                cells[c++] = XlsxCell.Number(row.Task is { } task ? Money.WanToYi(task) : null);
                cells[c++] = XlsxCell.Number(row.Task is { } t ? CompletionRate.Of(row.YtdActual, t) : null);
            }
            cells[c++] = XlsxCell.Number(row.TimeElapsedProgress);
            cells[c++] = XlsxCell.Number(row.Lag);
            cells[c++] = XlsxCell.Number(Money.WanToYi(row.PreviousYtd));
            cells[c] = XlsxCell.Number(row.YoyGrowth);
            sheet.WriteRow(cells, row.RedLag ? XlsxTone.Red : XlsxTone.Plain);
        }
        xlsx.Complete();
        return sheet.RowCount;
    }

    private static string ChildLabel(CountyRankingHeading heading) => heading.ParentIsProvince ? "设区市" : "县（市、区）";
}
