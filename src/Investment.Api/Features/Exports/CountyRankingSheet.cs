using Investment.Api.Excel;
using Investment.Domain;
using Investment.Domain.Progress;

namespace Investment.Api.Features.Exports;

/// <summary>
/// One county (or city, in a province's table) of a ranking table, or the parent's own total; money in 万元, rates as
/// ratios. <see cref="Plan"/> is the sum of its sections' annual plans, which <see cref="CompletionRate"/> is measured
/// against; <see cref="Task"/> is the assessed task (年度任务) the region was given for the scope and year, when it has
/// one. <see cref="LagStatus"/> is the roll-up's code (<c>red</c>, <c>yellow</c>, <c>green</c>).
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
    string? LagStatus,
    decimal? Task = null,
    decimal? YearEndForecast = null)
{
    /// <summary>Without a plan there is no completion rate or lag to judge: the table says 无计划 and leaves it unranked.</summary>
    public bool HasPlan => Plan > 0;

    /// <summary>A region the roll-up has no row for (no section counted in the scope): nothing planned, nothing done.</summary>
    public static CountyRankingRow Empty(string regionCode, string regionName) =>
        new(null, regionCode, regionName, 0, 0, null, null, null, 0, null, null);
}

/// <summary>
/// What the title says: whose children are ranked, for which period, scope and metric; <see cref="Issuer"/> is the
/// 制表单位/制表日期 line under it.
/// </summary>
public sealed record CountyRankingHeading(
    string ParentName, bool ParentIsProvince, ReportingMonth Period, string Scope, string RankBy, string? Issuer = null);

/// <summary>
/// 县（市、区）排名: every child of a city (or every city of a province) for a period and scope, in 亿元, ranked by one
/// basis; lagging rows filled red or yellow as the dashboard colours them, the parent's total (全市合计 / 全省合计) last.
/// Writes the rows in the order given (the query orders by rank, then region code).
/// </summary>
public static class CountyRankingSheet
{
    public const string SheetName = "排名";

    public const string NoPlan = "无计划";

    public static readonly IReadOnlyDictionary<string, string> RankByLabels = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ytd"] = "完成投资",
        ["completion"] = "完成率",
        ["yoy"] = "同比增长",
    };

    /// <summary>
    /// "绍兴市 2023年1-12月 交通有效投资 县（市、区）排名（按完成投资）": the basis is in the title, so in the Chinese file
    /// name too, and the three rankings of a period saved in one folder keep their own names.
    /// </summary>
    public static string Title(CountyRankingHeading heading) =>
        $"{heading.ParentName} {ExportLabels.YearToDate(heading.Period)} {ExportLabels.Scope(heading.Scope)} {ChildLabel(heading)}排名（按{RankByLabels.GetValueOrDefault(heading.RankBy, heading.RankBy)}）";

    public static string TotalLabel(CountyRankingHeading heading) => heading.ParentIsProvince ? "全省合计" : "全市合计";

    /// <summary>
    /// Writes the workbook and returns the number of rows under the header (the total included). When any region of
    /// the table has an assessed task, the task and the share of it done (年度任务, 完成年度任务%) follow the plan-based
    /// completion rate; regions without one leave those cells empty. Without any task the table keeps its plan-only
    /// columns. <paramref name="total"/> is the parent's own roll-up row, so the total is the roll-up's, not a re-sum of
    /// the rows shown (a caller may not see every child).
    /// </summary>
    public static int Write(Stream stream, CountyRankingHeading heading, IEnumerable<CountyRankingRow> rows, CountyRankingRow? total)
    {
        using var xlsx = XlsxBook.Create(stream);
        return Write(xlsx, heading, rows, total);
    }

    /// <summary>The same table into any writer: the benchmark has EPPlus render it to compare like with like.</summary>
    public static int Write(IXlsxWorkbook xlsx, CountyRankingHeading heading, IEnumerable<CountyRankingRow> rows, CountyRankingRow? total)
    {
        ArgumentNullException.ThrowIfNull(xlsx);
        // One parent's children: few enough to look at twice (whether any has a task decides the columns).
        var table = rows as IReadOnlyCollection<CountyRankingRow> ?? rows.ToList();
        var withTask = table.Any(r => r.Task is not null) || total?.Task is not null;
        List<XlsxColumn> columns =
        [
            new XlsxColumn("排名", XlsxStyle.Rank),
            new XlsxColumn(ChildLabel(heading), XlsxStyle.Text),
            new XlsxColumn("年度计划", XlsxStyle.Yi),
            new XlsxColumn($"{ExportLabels.MonthsToDate(heading.Period)}完成", XlsxStyle.Yi),
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
            new XlsxColumn("进度差(百分点)", XlsxStyle.Points),
            new XlsxColumn("去年同期", XlsxStyle.Yi),
            new XlsxColumn("同比增长", XlsxStyle.Rate),
            // The roll-up's year-end forecast (Investment.Domain/Forecasting): what leaders ask of the table in December's
            // meeting in every month.
            new XlsxColumn("预计全年完成", XlsxStyle.Yi),
        ]);
        var layout = new XlsxSheetLayout(SheetName, columns)
        {
            Title = Title(heading),
            Issuer = heading.Issuer,
            Subtitle = "单位：亿元　红色：严重滞后　黄色：滞后　无计划的不排名",
        };

        var sheet = xlsx.AddSheet(layout);
        var cells = new XlsxCell[layout.Columns.Count];
        foreach (var row in table)
        {
            Fill(cells, row, row.Rank, row.RegionName, withTask);
            sheet.WriteRow(cells, ExportLabels.LagTone(row.LagStatus));
        }
        if (total is not null)
        {
            Fill(cells, total, null, TotalLabel(heading), withTask);
            sheet.WriteRow(cells, XlsxTone.Total);
        }
        xlsx.Complete();
        return sheet.RowCount;
    }

    private static void Fill(XlsxCell[] cells, CountyRankingRow row, int? rank, string name, bool withTask)
    {
        var c = 0;
        cells[c++] = XlsxCell.Number(row.HasPlan ? rank : null);
        cells[c++] = XlsxCell.Text(name);
        // 亿元 = 万元 ÷ 10,000, exact in decimal; the 0.00 format does the rounding for display only.
        cells[c++] = row.HasPlan ? XlsxCell.Number(Money.WanToYi(row.Plan)) : XlsxCell.Text(NoPlan);
        cells[c++] = XlsxCell.Number(Money.WanToYi(row.YtdActual));
        cells[c++] = XlsxCell.Number(row.CompletionRate);
        if (withTask)
        {
            cells[c++] = XlsxCell.Number(row.Task is { } task ? Money.WanToYi(task) : null);
            cells[c++] = XlsxCell.Number(row.Task is { } t ? CompletionRate.Of(row.YtdActual, t) : null);
        }
        cells[c++] = XlsxCell.Number(row.TimeElapsedProgress);
        cells[c++] = XlsxCell.Number(Lag.InPoints(row.Lag));
        cells[c++] = XlsxCell.Number(Money.WanToYi(row.PreviousYtd));
        cells[c++] = XlsxCell.Number(row.YoyGrowth);
        cells[c] = XlsxCell.Number(row.YearEndForecast is { } forecast ? Money.WanToYi(forecast) : null);
    }

    private static string ChildLabel(CountyRankingHeading heading) => heading.ParentIsProvince ? "设区市" : "县（市、区）";
}
