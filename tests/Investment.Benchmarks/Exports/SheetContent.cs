using System.Globalization;
using Investment.Benchmarks.Synthetic;
using Investment.Domain;
using Investment.Domain.Progress;

namespace Investment.Benchmarks.Exports;

/// <summary>Where the baseline writers put a row's values, one call per column in column order.</summary>
internal interface ICellSink
{
    void Text(string? value);

    void Number(decimal? value);
}

/// <summary>
/// The cells of a sheet, as the baseline writers (bare OpenXmlWriter, EPPlus) write them: the same title, unit line,
/// headers and values as our exporter's sheet, computed the same way per row (亿元 conversion, completion rate, mode
/// label), so every writer does the same work per cell and differs only in how it writes.
/// </summary>
internal sealed record SheetContent<T>(
    string Name, string Title, string Subtitle, IReadOnlyList<string> Headers, IEnumerable<T> Rows, Action<T, ICellSink> Cells);

internal static class SheetContents
{
    public static readonly ReportingMonth Period = new(2025, 12);

    public static SheetContent<RankingRow> Ranking(IEnumerable<RankingRow> rows) => new(
        "排名",
        // MERGE-PENDING(feature/excel): CountyRankingSheet.Title(heading) and its subtitle.
        $"基准101市 {YearToDate(Period)} 交通有效投资 县（市、区）排名",
        "单位：亿元　排名依据：完成投资　红色：进度滞后",
        ["排名", "县（市、区）", "年度计划", $"{MonthsToDate(Period)}完成", "完成率", "序时进度", "进度差", "去年同期", "同比增长"],
        rows,
        static (row, cells) =>
        {
            cells.Number(row.Rank);
            cells.Text(row.RegionName);
            cells.Number(Money.WanToYi(row.Plan));
            cells.Number(Money.WanToYi(row.YtdActual));
            cells.Number(row.CompletionRate);
            cells.Number(row.TimeElapsedProgress);
            cells.Number(row.Lag);
            cells.Number(Money.WanToYi(row.PreviousYtd));
            cells.Number(row.YoyGrowth);
        });

    public static SheetContent<DetailRow> Detail(IEnumerable<DetailRow> rows) => new(
        "项目明细",
        // MERGE-PENDING(feature/excel): ProjectDetailSheet.Title(heading).
        $"基准10省 {YearToDate(Period)} 交通投资（全口径） 项目明细",
        "单位：万元",
        ["区县", "项目编码", "项目名称", "方式", "标段", "年度计划(万元)", "本月完成(万元)", $"{MonthsToDate(Period)}累计(万元)", "完成率", "形象进度(%)",
            "进展情况", "存在问题"],
        rows,
        static (row, cells) =>
        {
            cells.Text(row.RegionName);
            cells.Text(row.ProjectCode);
            cells.Text(row.ProjectName);
            // MERGE-PENDING(feature/excel): ExportLabels.Mode(row.Mode).
            cells.Text(Nation.ModeName(row.Mode));
            cells.Text(row.SectionName);
            cells.Number(row.Plan);
            cells.Number(row.MonthActual);
            cells.Number(row.YtdActual);
            cells.Number(row.Plan is { } plan ? CompletionRate.Of(row.YtdActual ?? 0, plan) : null);
            cells.Number(row.PhysicalProgress);
            cells.Text(row.Narrative);
            cells.Text(row.Problems);
        });

    private static string MonthsToDate(ReportingMonth period) =>
        period.Month == 1 ? "1月" : string.Create(CultureInfo.InvariantCulture, $"1-{period.Month}月");

    private static string YearToDate(ReportingMonth period) => string.Create(CultureInfo.InvariantCulture, $"{period.Year}年{MonthsToDate(period)}");
}
