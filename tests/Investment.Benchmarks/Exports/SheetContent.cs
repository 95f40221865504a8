using Investment.Api.Features.Exports;
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

    public static SheetContent<DetailRow> Detail(IEnumerable<DetailRow> rows) => new(
        ProjectDetailSheet.SheetName,
        ProjectDetailSheet.Title(OursUnderTest.DetailHeading),
        "单位：万元　红色：严重滞后　黄色：滞后",
        ["区县", "项目编码", "项目名称", "方式", "标段", "年度计划(万元)", "本月完成(万元)", $"{ExportLabels.MonthsToDate(Period)}累计(万元)", "完成率", "序时进度",
            "进度差(百分点)", "同比增长", "形象进度(%)", "进展情况", "存在问题"],
        rows,
        static (row, cells) =>
        {
            var rates = ProjectDetailSheet.Rates(row, OursUnderTest.DetailHeading);
            cells.Text(row.RegionName);
            cells.Text(row.ProjectCode);
            cells.Text(row.ProjectName);
            cells.Text(ExportLabels.Mode(row.Mode));
            cells.Text(row.SectionName);
            cells.Number(row.Plan);
            cells.Number(row.MonthActual);
            cells.Number(row.YtdActual);
            cells.Number(rates.CompletionRate);
            cells.Number(rates.TimeElapsedProgress);
            cells.Number(Lag.InPoints(rates.Lag));
            cells.Number(rates.YoyGrowth);
            cells.Number(row.PhysicalProgress);
            cells.Text(row.Narrative);
            cells.Text(row.Problems);
        });
}
