using Investment.Api.Data;
using Investment.Api.Excel;
using Investment.Domain;
using Investment.Domain.Figures;

namespace Investment.Api.Features.Exports;

/// <summary>A roll-up row of one region by mode: <c>all</c>/<c>all</c> is the total, category/<c>all</c> a subtotal. 万元.</summary>
public sealed record ModeBreakdownRow(string ModeCategory, string Mode, decimal Plan, decimal YtdActual);

public sealed record ModeBreakdownHeading(string RegionName, ReportingMonth Period, string Scope);

/// <summary>
/// 分方式完成情况: the total, then each category's subtotal followed by its modes, with plan and year-to-date in 亿元
/// and each line's share of the total year-to-date.
/// </summary>
public static class ModeBreakdownSheet
{
    public const string SheetName = "分方式";

    public static string Title(ModeBreakdownHeading heading) =>
        $"{heading.RegionName} {ExportLabels.YearToDate(heading.Period)} {ExportLabels.Scope(heading.Scope)} 分方式完成情况";

    /// <summary>Writes the workbook and returns the number of data rows (total, subtotals and modes).</summary>
    public static int Write(Stream stream, ModeBreakdownHeading heading, IReadOnlyCollection<ModeBreakdownRow> rows)
    {
        var layout = new XlsxSheetLayout(SheetName,
        [
            new XlsxColumn("方式类别", XlsxStyle.Text),
            new XlsxColumn("方式", XlsxStyle.Text),
            new XlsxColumn("年度计划", XlsxStyle.Yi),
            new XlsxColumn($"{ExportLabels.MonthsToDate(heading.Period)}完成", XlsxStyle.Yi),
            new XlsxColumn("占比", XlsxStyle.Rate),
        ])
        {
            Title = Title(heading),
            Subtitle = "单位：亿元　占比：占合计完成的比重",
        };

        var byCategory = rows.Where(r => r.ModeCategory != RollupRow.All).ToLookup(r => r.ModeCategory, StringComparer.Ordinal);
        var categories = ExportLabels.ModeCategoryOrder.Where(byCategory.Contains)
            .Concat(byCategory.Select(g => g.Key).Where(k => !ExportLabels.ModeCategoryOrder.Contains(k)).Order(StringComparer.Ordinal))
            .ToList();
        // A category's subtotal is its own roll-up row when there is one, else the sum of its modes.
        var subtotals = categories.ToDictionary(c => c, c =>
            byCategory[c].FirstOrDefault(r => r.Mode == RollupRow.All)
            ?? new ModeBreakdownRow(c, RollupRow.All, byCategory[c].Sum(r => r.Plan), byCategory[c].Sum(r => r.YtdActual)),
            StringComparer.Ordinal);
        var total = rows.FirstOrDefault(r => r.ModeCategory == RollupRow.All && r.Mode == RollupRow.All)
                    ?? new ModeBreakdownRow(RollupRow.All, RollupRow.All, subtotals.Values.Sum(r => r.Plan), subtotals.Values.Sum(r => r.YtdActual));

        using var xlsx = XlsxWriter.Create(stream);
        var sheet = xlsx.AddSheet(layout);
        WriteLine(sheet, "合计", "", total, total.YtdActual);
        foreach (var category in categories)
        {
            WriteLine(sheet, ExportLabels.ModeCategory(category), "小计", subtotals[category], total.YtdActual);
            var modes = byCategory[category].Where(r => r.Mode != RollupRow.All)
                .OrderBy(r => ExportLabels.ModePosition(r.Mode))
                .ThenBy(r => r.Mode, StringComparer.Ordinal);
            foreach (var mode in modes)
            {
                WriteLine(sheet, ExportLabels.ModeCategory(category), ExportLabels.Mode(mode.Mode), mode, total.YtdActual);
            }
        }
        xlsx.Complete();
        return sheet.RowCount;
    }

    private static void WriteLine(XlsxSheetWriter sheet, string category, string mode, ModeBreakdownRow row, decimal totalYtd) =>
        sheet.WriteRow(
        [
            XlsxCell.Text(category),
            XlsxCell.Text(mode),
            XlsxCell.Number(Money.WanToYi(row.Plan)),
            XlsxCell.Number(Money.WanToYi(row.YtdActual)),
            // Share of the total, as the by-mode figures answer it; none when nothing was done at all (0 ÷ 0 is not 0%).
            XlsxCell.Number(InvestmentFigures.ShareOf(row.YtdActual, totalYtd)),
        ]);
}
