using Investment.Api.Excel;
using Investment.Domain;

namespace Investment.Api.Features.Exports;

/// <summary>One county (or city, in a province's table) of a ranking table; money in 万元, rates as ratios.</summary>
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
    bool RedLag);

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

    public static void Write(Stream stream, CountyRankingHeading heading, IEnumerable<CountyRankingRow> rows)
    {
        var monthsToDate = ExportLabels.MonthsToDate(heading.Period);
        var layout = new XlsxSheetLayout(SheetName,
        [
            new XlsxColumn("排名", XlsxStyle.WholeNumber),
            new XlsxColumn(ChildLabel(heading), XlsxStyle.Text),
            new XlsxColumn("年度计划", XlsxStyle.Yi),
            new XlsxColumn($"{monthsToDate}完成", XlsxStyle.Yi),
            new XlsxColumn("完成率", XlsxStyle.Rate),
            new XlsxColumn("序时进度", XlsxStyle.Rate),
            new XlsxColumn("进度差", XlsxStyle.Rate),
            new XlsxColumn("去年同期", XlsxStyle.Yi),
            new XlsxColumn("同比增长", XlsxStyle.Rate),
        ])
        {
            Title = Title(heading),
            Subtitle = $"单位：亿元　排名依据：{RankByLabels.GetValueOrDefault(heading.RankBy, heading.RankBy)}　红色：进度滞后",
        };

        using var xlsx = XlsxWriter.Create(stream);
        var sheet = xlsx.AddSheet(layout);
        Span<XlsxCell> cells = new XlsxCell[layout.Columns.Count];
        foreach (var row in rows)
        {
            cells[0] = XlsxCell.Number(row.Rank);
            cells[1] = XlsxCell.Text(row.RegionName);
            // 亿元 = 万元 ÷ 10,000, exact in decimal; the 0.00 format does the rounding for display only.
            cells[2] = XlsxCell.Number(Money.WanToYi(row.Plan));
            cells[3] = XlsxCell.Number(Money.WanToYi(row.YtdActual));
            cells[4] = XlsxCell.Number(row.CompletionRate);
            cells[5] = XlsxCell.Number(row.TimeElapsedProgress);
            cells[6] = XlsxCell.Number(row.Lag);
            cells[7] = XlsxCell.Number(Money.WanToYi(row.PreviousYtd));
            cells[8] = XlsxCell.Number(row.YoyGrowth);
            sheet.WriteRow(cells, highlight: row.RedLag);
        }
        xlsx.Complete();
    }

    private static string ChildLabel(CountyRankingHeading heading) => heading.ParentIsProvince ? "设区市" : "县（市、区）";
}
