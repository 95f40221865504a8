using Investment.Api.Excel;
using Investment.Api.Features.Figures;
using Investment.Domain;
using Investment.Domain.Figures;
using Investment.Domain.Progress;

namespace Investment.Api.Features.Exports;

/// <summary>
/// One section's figures for a period: money in 万元; <see cref="MonthActual"/>, progress, narrative and problems come
/// from the approved report of the month (null when there is none), <see cref="YtdActual"/> from the approved reports
/// of January to that month (null when there are none), <see cref="PreviousYtd"/> from those of the same months of the
/// year before; <see cref="MonthlyProfile"/> is the plan's profile (null: linear), which the time-elapsed progress
/// follows.
/// </summary>
public sealed record ProjectDetailRow(
    string RegionName,
    string ProjectCode,
    string ProjectName,
    string Mode,
    string SectionName,
    decimal? Plan,
    decimal? MonthActual,
    decimal? YtdActual,
    decimal? PhysicalProgress,
    string? Narrative,
    string? Problems,
    decimal? PreviousYtd = null,
    decimal[]? MonthlyProfile = null);

/// <summary>
/// Whose sections, which period and scope; <see cref="Issuer"/> is the 制表单位/制表日期 line and <see cref="Thresholds"/>
/// the lag thresholds in force, which colour lagging rows as the dashboard does.
/// </summary>
public sealed record ProjectDetailHeading(string RegionName, ReportingMonth Period, string Scope, string? Issuer = null)
{
    public LagThresholds Thresholds { get; init; } = LagThresholds.Default;
}

/// <summary>
/// 项目明细: one row per section, streamed — the rows can come straight from the database reader, so a 200,000-row
/// sheet never sits in memory. Always the streaming writer, whatever the count (ClosedXML would hold it all). Completion,
/// time-elapsed progress, lag and year-on-year growth are the live figures' (<see cref="InvestmentFigures.RatesOf"/>),
/// so a section's row says what its figures page says; rows lagging red or yellow are filled so.
/// </summary>
public static class ProjectDetailSheet
{
    public const string SheetName = "项目明细";

    public static string Title(ProjectDetailHeading heading) =>
        $"{heading.RegionName} {ExportLabels.YearToDate(heading.Period)} {ExportLabels.Scope(heading.Scope)} 项目明细";

    public static async Task<int> WriteAsync(Stream stream, ProjectDetailHeading heading, IAsyncEnumerable<ProjectDetailRow> rows,
        CancellationToken ct)
    {
        using var xlsx = XlsxWriter.Create(stream);
        var sheet = xlsx.AddSheet(Layout(heading));
        var cells = new XlsxCell[sheet.ColumnCount];
        await foreach (var row in rows.WithCancellation(ct))
        {
            WriteRow(sheet, cells, row, heading);
        }
        xlsx.Complete();
        return sheet.RowCount;
    }

    public static int Write(Stream stream, ProjectDetailHeading heading, IEnumerable<ProjectDetailRow> rows)
    {
        using var xlsx = XlsxWriter.Create(stream);
        var sheet = xlsx.AddSheet(Layout(heading));
        var cells = new XlsxCell[sheet.ColumnCount];
        foreach (var row in rows)
        {
            WriteRow(sheet, cells, row, heading);
        }
        xlsx.Complete();
        return sheet.RowCount;
    }

    /// <summary>
    /// The section's rates, as the figures endpoints compute them: planned-to-date from its own profile (or linear),
    /// then <see cref="InvestmentFigures.RatesOf"/>; every rate null without a plan.
    /// </summary>
    public static FigureRates Rates(ProjectDetailRow row, ProjectDetailHeading heading)
    {
        var plan = row.Plan ?? 0m;
        return InvestmentFigures.RatesOf(plan, Domain.Rollups.PlannedToDate.Of(plan, row.MonthlyProfile, heading.Period.Month),
            row.YtdActual ?? 0m, row.PreviousYtd ?? 0m, heading.Thresholds);
    }

    /// <summary>How a row stands out: as the ranking and the dashboard colour a lag status.</summary>
    public static XlsxTone Tone(FigureRates rates) => ExportLabels.LagTone(FigureParameters.ToCode(rates.LagStatus));

    // Fifteen columns shrunk to one page width print at about 5 pt. Instead: landscape at 75% (about 8 pt), the names
    // and figures on the first page across (the title centred over them), the narratives on the next with 区县, 项目编码
    // and 项目名称 repeated, rows at the same heights so the pages lie side by side. Names and narratives wrap in fixed
    // columns, figure headers wrap their units to a second line.
    private static XlsxSheetLayout Layout(ProjectDetailHeading heading) => new(SheetName,
    [
        new XlsxColumn("区县", XlsxStyle.Text, 8),
        new XlsxColumn("项目编码", XlsxStyle.Text, 10),
        new XlsxColumn("项目名称", XlsxStyle.WrappedText, NameWidth),
        new XlsxColumn("方式", XlsxStyle.Text, 10),
        new XlsxColumn("标段", XlsxStyle.WrappedText, 14),
        new XlsxColumn("年度计划(万元)", XlsxStyle.Wan, 12),
        new XlsxColumn("本月完成(万元)", XlsxStyle.Wan, 12),
        new XlsxColumn($"{ExportLabels.MonthsToDate(heading.Period)}累计(万元)", XlsxStyle.Wan, 12),
        new XlsxColumn("完成率", XlsxStyle.Rate, 8),
        new XlsxColumn("序时进度", XlsxStyle.Rate, 8),
        new XlsxColumn("进度差(百分点)", XlsxStyle.Points, 8),
        new XlsxColumn("同比增长", XlsxStyle.Rate, 8),
        new XlsxColumn("形象进度(%)", XlsxStyle.Yi, 8),
        new XlsxColumn("进展情况", XlsxStyle.WrappedText, NarrativeWidth),
        new XlsxColumn("存在问题", XlsxStyle.WrappedText, NarrativeWidth),
    ])
    {
        Title = Title(heading),
        Issuer = heading.Issuer,
        Subtitle = "单位：万元　红色：严重滞后　黄色：滞后",
        FitToPageWidth = false,
        PrintScale = 75,
        RepeatColumns = 3,
        HeadColumns = 13,
        // Every width is fixed: nothing to measure, so no 10,000 rows held back before the first is written.
        WidthSampleRows = 0,
    };

    /// <summary>The project name's width in characters: 11 Chinese characters a line.</summary>
    public const int NameWidth = 24;

    /// <summary>The narrative columns' width, in characters: about 20 Chinese characters a line.</summary>
    public const int NarrativeWidth = 40;

    private static void WriteRow(XlsxSheetWriter sheet, XlsxCell[] cells, ProjectDetailRow row, ProjectDetailHeading heading)
    {
        var rates = Rates(row, heading);
        cells[0] = XlsxCell.Text(row.RegionName);
        cells[1] = XlsxCell.Text(row.ProjectCode);
        cells[2] = XlsxCell.Text(row.ProjectName);
        cells[3] = XlsxCell.Text(ExportLabels.Mode(row.Mode));
        cells[4] = XlsxCell.Text(row.SectionName);
        cells[5] = XlsxCell.Number(row.Plan);
        cells[6] = XlsxCell.Number(row.MonthActual);
        cells[7] = XlsxCell.Number(row.YtdActual);
        cells[8] = XlsxCell.Number(rates.CompletionRate);
        cells[9] = XlsxCell.Number(rates.TimeElapsedProgress);
        cells[10] = XlsxCell.Number(Lag.InPoints(rates.Lag));
        cells[11] = XlsxCell.Number(rates.YoyGrowth);
        cells[12] = XlsxCell.Number(row.PhysicalProgress);
        cells[13] = XlsxCell.Text(row.Narrative);
        cells[14] = XlsxCell.Text(row.Problems);
        sheet.WriteRow(cells, Tone(rates));
    }
}
