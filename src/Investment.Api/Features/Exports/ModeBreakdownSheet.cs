using Investment.Api.Data;
using Investment.Api.Excel;
using Investment.Domain;
using Investment.Domain.Figures;
using Investment.Domain.Growth;

namespace Investment.Api.Features.Exports;

/// <summary>
/// A roll-up row of one region by mode: <c>all</c>/<c>all</c> is the total, category/<c>all</c> a subtotal. 万元; the
/// rates are the roll-up's (completion against the plan, growth against the same months of last year).
/// </summary>
public sealed record ModeBreakdownRow(
    string ModeCategory, string Mode, decimal Plan, decimal YtdActual, decimal PreviousYtd, decimal? CompletionRate, decimal? YoyGrowth)
{
    /// <summary>
    /// The sum of <paramref name="parts"/> as one line, its rates from the domain's rules: a subtotal or total the
    /// roll-up has no row for.
    /// </summary>
    public static ModeBreakdownRow Sum(string modeCategory, string mode, IEnumerable<ModeBreakdownRow> parts)
    {
        decimal plan = 0, ytd = 0, previous = 0;
        foreach (var p in parts)
        {
            (plan, ytd, previous) = (plan + p.Plan, ytd + p.YtdActual, previous + p.PreviousYtd);
        }
        return new ModeBreakdownRow(modeCategory, mode, plan, ytd, previous, Domain.Progress.CompletionRate.Of(ytd, plan),
            YearOverYear.Growth(ytd, previous));
    }
}

/// <summary>The region, period and scope of the breakdown; <see cref="Issuer"/> is the 制表单位/制表日期 line.</summary>
public sealed record ModeBreakdownHeading(string RegionName, ReportingMonth Period, string Scope, string? Issuer = null);

/// <summary>
/// 分方式完成情况: the total, then each category's subtotal followed by its modes, with plan and year-to-date in 亿元,
/// each line's completion rate, growth on last year and share of the total year-to-date.
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
            new XlsxColumn("完成率", XlsxStyle.Rate),
            new XlsxColumn("去年同期", XlsxStyle.Yi),
            new XlsxColumn("同比增长", XlsxStyle.Rate),
            new XlsxColumn("占比", XlsxStyle.Rate),
        ])
        {
            Title = Title(heading),
            Issuer = heading.Issuer,
            Subtitle = "单位：亿元　占比：占合计完成的比重",
        };

        var byCategory = rows.Where(r => r.ModeCategory != RollupRow.All).ToLookup(r => r.ModeCategory, StringComparer.Ordinal);
        var categories = ExportLabels.ModeCategoryOrder.Where(byCategory.Contains)
            .Concat(byCategory.Select(g => g.Key).Where(k => !ExportLabels.ModeCategoryOrder.Contains(k)).Order(StringComparer.Ordinal))
            .ToList();
        // A category's subtotal is its own roll-up row when there is one, else the sum of its modes.
        var subtotals = categories.ToDictionary(c => c, c =>
            byCategory[c].FirstOrDefault(r => r.Mode == RollupRow.All)
            ?? ModeBreakdownRow.Sum(c, RollupRow.All, byCategory[c]),
            StringComparer.Ordinal);
        var total = rows.FirstOrDefault(r => r.ModeCategory == RollupRow.All && r.Mode == RollupRow.All)
                    ?? ModeBreakdownRow.Sum(RollupRow.All, RollupRow.All, subtotals.Values);

        using var xlsx = XlsxBook.Create(stream);
        var sheet = xlsx.AddSheet(layout);
        WriteLine(sheet, "合计", "", total, total.YtdActual, XlsxTone.Total);
        foreach (var category in categories)
        {
            WriteLine(sheet, ExportLabels.ModeCategory(category), "小计", subtotals[category], total.YtdActual, XlsxTone.Plain);
            var modes = byCategory[category].Where(r => r.Mode != RollupRow.All)
                .OrderBy(r => ExportLabels.ModePosition(r.Mode))
                .ThenBy(r => r.Mode, StringComparer.Ordinal);
            foreach (var mode in modes)
            {
                WriteLine(sheet, ExportLabels.ModeCategory(category), ExportLabels.Mode(mode.Mode), mode, total.YtdActual, XlsxTone.Plain);
            }
        }
        xlsx.Complete();
        return sheet.RowCount;
    }

    private static void WriteLine(IXlsxSheet sheet, string category, string mode, ModeBreakdownRow row, decimal totalYtd, XlsxTone tone) =>
        sheet.WriteRow(
        [
            XlsxCell.Text(category),
            XlsxCell.Text(mode),
            XlsxCell.Number(Money.WanToYi(row.Plan)),
            XlsxCell.Number(Money.WanToYi(row.YtdActual)),
            XlsxCell.Number(row.CompletionRate),
            XlsxCell.Number(Money.WanToYi(row.PreviousYtd)),
            XlsxCell.Number(row.YoyGrowth),
            // Share of the total, as the by-mode figures answer it; none when nothing was done at all (0 ÷ 0 is not 0%).
            XlsxCell.Number(InvestmentFigures.ShareOf(row.YtdActual, totalYtd)),
        ], tone);
}
