using System.Globalization;
using System.Text.RegularExpressions;
using Investment.Api.Excel;
using Investment.Api.Http;
using Investment.Domain;

namespace Investment.Api.Features.Imports;

/// <summary>One data row of an upload as read from the sheet, before the database has been asked anything.</summary>
public sealed class UploadRow
{
    public int Row { get; init; }
    public long? SectionId { get; set; }
    public string? ProjectCode { get; set; }
    public decimal? MonthActual { get; set; }
    public decimal? PhysicalProgress { get; set; }
    public string? ProgressDecreaseReason { get; set; }
    public string? Narrative { get; set; }
    public string? Problems { get; set; }
    public bool Submit { get; set; }

    /// <summary>Every fill-in cell is empty: no report for this section this time.</summary>
    public bool Blank { get; set; }

    /// <summary>Errors found in the row's own cells.</summary>
    public List<ImportError> Errors { get; } = [];
}

/// <summary>The upload's content: its meta values, its rows, or the reason the file as a whole cannot be used.</summary>
public sealed record UploadContent(IReadOnlyList<UploadRow> Rows, ImportError? FileError, bool TooManyRows)
{
    public static UploadContent Refused(string code, Message message) => new([], ImportError.File(code, message), false);
}

/// <summary>
/// Turns the workbook into <see cref="UploadRow"/>s: checks the meta sheet against the region and period of the
/// request, finds the header row, maps the columns by their Chinese headers, and converts and checks every cell.
/// Knows the sheet layout (<see cref="MonthlyReportSheet"/>), not the database.
/// </summary>
public static partial class MonthlyReportUpload
{
    public static UploadContent Read(XlsxSheetReader workbook, string regionCode, ReportingMonth period, ImportLimits limits)
    {
        if (MetaError(workbook, regionCode, period) is { } metaError)
        {
            return new UploadContent([], metaError, false);
        }
        if (!workbook.HasSheet(MonthlyReportSheet.SheetName))
        {
            return UploadContent.Refused(ImportCodes.NotTemplate, new(
                $"The sheet '{MonthlyReportSheet.SheetName}' is missing. Use the downloaded template and do not rename or delete its sheets.",
                $"找不到工作表“{MonthlyReportSheet.SheetName}”。请使用下载的填报模板，不要重命名或删除工作表。"));
        }

        Dictionary<int, SheetColumn>? columns = null;
        var rows = new List<UploadRow>();
        foreach (var sheetRow in workbook.Rows(MonthlyReportSheet.SheetName))
        {
            if (columns is null)
            {
                if (sheetRow.Number > MonthlyReportSheet.HeaderSearchRows)
                {
                    break;
                }
                columns = HeaderOf(sheetRow);
                continue;
            }
            if (sheetRow.IsBlank)
            {
                continue;
            }
            if (rows.Count == limits.MaxRows)
            {
                return new UploadContent([], null, true);
            }
            rows.Add(ReadRow(sheetRow, columns));
        }
        if (columns is null)
        {
            return UploadContent.Refused(ImportCodes.MissingColumn, new(
                $"No header row (with the section ID column) in the first {MonthlyReportSheet.HeaderSearchRows} rows. Use the downloaded template.",
                $"在前 {MonthlyReportSheet.HeaderSearchRows} 行中找不到表头（含“{MonthlyReportSheet.SectionId.Header}”列）。请使用下载的填报模板。"));
        }
        var missing = MonthlyReportSheet.Columns.Where(c => c.RequiredHeader && !columns.ContainsValue(c)).ToList();
        if (missing.Count > 0)
        {
            return UploadContent.Refused(ImportCodes.MissingColumn, new(
                $"The header lacks columns: {string.Join(", ", missing.Select(ImportError.ColumnName))}. Use the downloaded template and do not delete or change its header.",
                $"表头缺少列：{string.Join("、", missing.Select(c => $"“{c.Header}”"))}。请使用下载的填报模板，不要删除或改动表头。"));
        }
        if (rows.Count == 0)
        {
            return UploadContent.Refused(ImportCodes.NoRows, new("The sheet has no data rows.", "表格中没有数据行。"));
        }
        return new UploadContent(rows, null, false);
    }

    private static ImportError? MetaError(XlsxSheetReader workbook, string regionCode, ReportingMonth period)
    {
        if (!workbook.HasSheet(MonthlyReportSheet.MetaSheetName))
        {
            return ImportError.File(ImportCodes.NotTemplate, new(
                "The file is not a monthly-report template of this system (its template information is missing). Download the template for the county and month, fill it in and upload it.",
                "文件不是本系统导出的月度进展填报模板（缺少模板信息）。请先下载该区县、该月份的填报模板，填写后上传。"));
        }
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in workbook.Rows(MonthlyReportSheet.MetaSheetName).Take(50))
        {
            if (row.Cell(1).Text is { } key && row.Cell(2).Text is { } value)
            {
                meta[key.Trim()] = value.Trim();
            }
        }
        if (meta.GetValueOrDefault(MonthlyReportSheet.MetaTemplate) != MonthlyReportSheet.TemplateKind)
        {
            return ImportError.File(ImportCodes.NotTemplate, new(
                "The file is not a monthly-report template. Download the template for the county and month, fill it in and upload it.",
                "文件不是月度进展填报模板。请先下载该区县、该月份的填报模板，填写后上传。"));
        }
        var version = meta.GetValueOrDefault(MonthlyReportSheet.MetaVersion);
        if (version is null || !MonthlyReportSheet.AcceptedVersions.Contains(version, StringComparer.Ordinal))
        {
            var accepted = string.Join(", ", MonthlyReportSheet.AcceptedVersions);
            return ImportError.File(ImportCodes.TemplateVersion, new(
                $"The template version ({version ?? "none"}) cannot be read; versions {accepted} can, the current one is {MonthlyReportSheet.TemplateVersion}. Download the template again.",
                $"模板版本（{version ?? "无"}）无法识别（可接受版本：{accepted}；当前版本为 {MonthlyReportSheet.TemplateVersion}）。请重新下载模板。"));
        }
        var metaRegion = meta.GetValueOrDefault(MonthlyReportSheet.MetaRegionCode);
        var metaPeriod = meta.GetValueOrDefault(MonthlyReportSheet.MetaPeriod);
        if (metaRegion != regionCode || metaPeriod != period.ToString())
        {
            return ImportError.File(ImportCodes.TemplateMismatch, new(
                $"The template is for region {metaRegion ?? "?"} and month {metaPeriod ?? "?"}, not for region {regionCode} and month {period} of this upload. Download the matching template.",
                $"该模板是区县 {metaRegion ?? "?"}、{metaPeriod ?? "?"} 月份的填报表，与本次上传的区县 {regionCode}、月份 {period} 不符。请下载对应的模板。"));
        }
        return null;
    }

    private static Dictionary<int, SheetColumn>? HeaderOf(SheetRow row)
    {
        var map = new Dictionary<int, SheetColumn>();
        foreach (var (index, cell) in row.Cells)
        {
            if (cell.Kind == SheetCellKind.Text && MonthlyReportSheet.ByHeader(cell.Text!) is { } column && !map.ContainsValue(column))
            {
                map[index] = column;
            }
        }
        return map.ContainsValue(MonthlyReportSheet.SectionId) ? map : null;
    }

    private static UploadRow ReadRow(SheetRow sheetRow, Dictionary<int, SheetColumn> columns)
    {
        var row = new UploadRow { Row = sheetRow.Number };
        var cells = columns.ToDictionary(p => p.Value, p => sheetRow.Cell(p.Key));
        SheetCell Cell(SheetColumn column) => cells.TryGetValue(column, out var c) ? c : new SheetCell(sheetRow.Number, 0, SheetCellKind.Empty, null);

        row.Blank = MonthlyReportSheet.FillIn.All(c => Cell(c).IsBlank);
        var submit = Cell(MonthlyReportSheet.Submit).IsBlank ? null : TextOf(row, MonthlyReportSheet.Submit, Cell(MonthlyReportSheet.Submit));
        if (row.Blank && submit is null or MonthlyReportSheet.No)
        {
            // Nothing to report for this section: whatever else the row holds (a note, a total) is not checked; the
            // section id is only picked up, if it reads as one, to say which section was skipped.
            var probe = new UploadRow { Row = row.Row };
            row.SectionId = SectionIdOf(probe, Cell(MonthlyReportSheet.SectionId));
            return row;
        }
        row.SectionId = SectionIdOf(row, Cell(MonthlyReportSheet.SectionId));
        row.ProjectCode = TextOf(row, MonthlyReportSheet.ProjectCode, Cell(MonthlyReportSheet.ProjectCode));

        if (submit is not null && submit != MonthlyReportSheet.Yes && submit != MonthlyReportSheet.No)
        {
            row.Errors.Add(ImportError.Cell(row.Row, MonthlyReportSheet.Submit, ImportCodes.InvalidChoice,
                new($"{ImportError.ColumnName(MonthlyReportSheet.Submit)} takes '{MonthlyReportSheet.Yes}' (yes) or '{MonthlyReportSheet.No}' (no), not '{Shorten(submit)}'.",
                    $"“{MonthlyReportSheet.Submit.Header}”只能填“{MonthlyReportSheet.Yes}”或“{MonthlyReportSheet.No}”，不能是“{Shorten(submit)}”。")));
        }
        row.Submit = submit == MonthlyReportSheet.Yes;
        if (row.Blank)
        {
            if (row.Submit)
            {
                row.Errors.Add(ImportError.Cell(row.Row, MonthlyReportSheet.MonthActual, ImportCodes.Required,
                    new("The row is marked for submission but has no actual investment for the month; fill it in (万元) to submit.",
                        "选择了提交，但没有填写本月完成投资。要提交本月报表，请填写本月完成投资(万元)。")));
            }
            return row;
        }

        row.MonthActual = NumberOf(row, MonthlyReportSheet.MonthActual, Cell(MonthlyReportSheet.MonthActual));
        row.PhysicalProgress = NumberOf(row, MonthlyReportSheet.PhysicalProgress, Cell(MonthlyReportSheet.PhysicalProgress));
        row.ProgressDecreaseReason = TextOf(row, MonthlyReportSheet.ProgressDecreaseReason, Cell(MonthlyReportSheet.ProgressDecreaseReason));
        row.Narrative = TextOf(row, MonthlyReportSheet.Narrative, Cell(MonthlyReportSheet.Narrative));
        row.Problems = TextOf(row, MonthlyReportSheet.Problems, Cell(MonthlyReportSheet.Problems));

        if (Cell(MonthlyReportSheet.MonthActual).IsBlank)
        {
            row.Errors.Add(ImportError.Cell(row.Row, MonthlyReportSheet.MonthActual, ImportCodes.Required,
                new("The row has other entries but no actual investment for the month (万元). Enter 0 if nothing was invested; clear the row to skip the month.",
                    "本行填写了其他内容，但没有填写本月完成投资(万元)。没有完成投资请填 0；本月不报请清空整行的填报内容。")));
        }
        if (row.MonthActual is { } actual)
        {
            if (Math.Abs(actual) > Money.MaxWan)
            {
                row.Errors.Add(ImportError.Cell(row.Row, MonthlyReportSheet.MonthActual, ImportCodes.OutOfRange,
                    new($"The month's actual investment is out of range (at most {Money.MaxWan.ToString("0.####", CultureInfo.InvariantCulture)} 万元).",
                        $"本月完成投资超出范围（最大 {Money.MaxWan.ToString("0.####", CultureInfo.InvariantCulture)} 万元）。")));
            }
            else if (!Money.HasAtMostScale(actual, Money.WanScale))
            {
                row.Errors.Add(ImportError.Cell(row.Row, MonthlyReportSheet.MonthActual, ImportCodes.TooManyDecimals,
                    new($"The month's actual investment has at most {Money.WanScale} decimal places of 万元 (one yuan).",
                        $"本月完成投资最多保留 {Money.WanScale} 位小数（万元精确到元）。")));
            }
        }
        if (row.PhysicalProgress is { } progress)
        {
            if (progress is < 0 or > 100)
            {
                row.Errors.Add(ImportError.Cell(row.Row, MonthlyReportSheet.PhysicalProgress, ImportCodes.OutOfRange,
                    new("Physical progress is a percentage of the whole works, 0 to 100 (45 means 45%).",
                        "形象进度是占全部工程量的百分比，应在 0 到 100 之间（填 45 表示 45%）。")));
            }
            else if (!Money.HasAtMostScale(progress, 2))
            {
                row.Errors.Add(ImportError.Cell(row.Row, MonthlyReportSheet.PhysicalProgress, ImportCodes.TooManyDecimals,
                    new("Physical progress has at most 2 decimal places.", "形象进度最多保留 2 位小数。")));
            }
        }
        return row;
    }

    private static long? SectionIdOf(UploadRow row, SheetCell cell)
    {
        var column = MonthlyReportSheet.SectionId;
        if (CellProblem(row, column, cell))
        {
            return null;
        }
        if (cell.IsBlank)
        {
            row.Errors.Add(ImportError.Cell(row.Row, column, ImportCodes.MissingSectionId,
                new($"The section ID is missing. Do not delete or change {ImportError.ColumnName(column)} of the template.",
                    $"缺少{column.Header}。请不要删除或改动模板中的{column.Header}列。")));
            return null;
        }
        var text = cell.Text!.Trim();
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
        {
            return id;
        }
        // A number cell may say "12.0" or "1.2E1".
        if (cell.Kind == SheetCellKind.Number && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            && d > 0 && d == decimal.Truncate(d) && d <= long.MaxValue)
        {
            return (long)d;
        }
        row.Errors.Add(ImportError.Cell(row.Row, column, ImportCodes.InvalidSectionId,
            new($"'{Shorten(text)}' is not a valid section ID. Do not change {ImportError.ColumnName(column)} of the template.",
                $"{column.Header}“{Shorten(text)}”不是有效的编号。请不要改动模板中的{column.Header}列。")));
        return null;
    }

    private static decimal? NumberOf(UploadRow row, SheetColumn column, SheetCell cell)
    {
        if (CellProblem(row, column, cell) || cell.IsBlank)
        {
            return null;
        }
        var text = cell.Text!.Trim();
        switch (cell.Kind)
        {
            case SheetCellKind.Number:
                if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var stored))
                {
                    return ExcelPrecision(stored);
                }
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    row.Errors.Add(ImportError.Cell(row.Row, column, ImportCodes.OutOfRange, OutOfRange(column)));
                    return null;
                }
                break;
            case SheetCellKind.Text when PlainNumber().IsMatch(text):
                // A number stored as text (pasted, or typed after an apostrophe) is taken at its face value.
                if (decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var typed))
                {
                    return typed;
                }
                row.Errors.Add(ImportError.Cell(row.Row, column, ImportCodes.OutOfRange, OutOfRange(column)));
                return null;
        }
        row.Errors.Add(ImportError.Cell(row.Row, column, ImportCodes.NotANumber,
            column == MonthlyReportSheet.MonthActual
                ? new($"{ImportError.ColumnName(column)} takes a number, not '{Shorten(text)}': 万元, without unit or words.",
                    $"“{column.Header}”应填写数字，不能是“{Shorten(text)}”。单位为万元，不要带单位或文字。")
                : new($"{ImportError.ColumnName(column)} takes a number, not '{Shorten(text)}': 45 means 45%, without % or words.",
                    $"“{column.Header}”应填写数字，不能是“{Shorten(text)}”。填 45 表示 45%，不要带 % 或文字。")));
        return null;
    }

    private static Message OutOfRange(SheetColumn column) =>
        new($"The number in {ImportError.ColumnName(column)} is out of range.", $"“{column.Header}”的数值超出范围。");

    private static string? TextOf(UploadRow row, SheetColumn column, SheetCell cell)
    {
        if (CellProblem(row, column, cell) || cell.IsBlank)
        {
            return null;
        }
        var text = cell.Kind == SheetCellKind.Boolean ? (cell.Text == "1" ? "TRUE" : "FALSE") : cell.Text!.Trim();
        var max = MonthlyReportSheet.MaxLength(column);
        if (text.Length > max)
        {
            row.Errors.Add(ImportError.Cell(row.Row, column, ImportCodes.TooLong,
                new($"{ImportError.ColumnName(column)} takes at most {max} characters; this cell has {text.Length}.",
                    $"“{column.Header}”最多 {max} 个字，本格有 {text.Length} 个字。")));
        }
        // The same rule as a narrative sent as JSON: Excel's _x0000_ escape carries a NUL, which PostgreSQL refuses.
        if (TextRules.Refusal(text, narrative: true) is { } refusal)
        {
            row.Errors.Add(ImportError.Cell(row.Row, column, ImportCodes.Invalid, refusal));
        }
        return text;
    }

    /// <summary>A formula without a cached value or with an error value is an error for that cell, whatever the column.</summary>
    private static bool CellProblem(UploadRow row, SheetColumn column, SheetCell cell)
    {
        switch (cell.Kind)
        {
            case SheetCellKind.FormulaWithoutValue:
                row.Errors.Add(ImportError.Cell(row.Row, column, ImportCodes.FormulaWithoutValue,
                    new($"{ImportError.ColumnName(column)} holds a formula whose result was not saved in the file. Open and save it once in Excel (or paste the formula as values) and upload it again.",
                        $"“{column.Header}”是公式，但文件中没有保存计算结果。请在 Excel 中打开并保存一次（或把公式粘贴为数值）后重新上传。")));
                return true;
            case SheetCellKind.Error:
                row.Errors.Add(ImportError.Cell(row.Row, column, ImportCodes.FormulaError,
                    new($"The formula in {ImportError.ColumnName(column)} results in the error value {cell.Text}. Correct the formula or enter the value.",
                        $"“{column.Header}”的公式结果是错误值 {cell.Text}。请修正公式或直接填写数值。")));
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Excel keeps 15 significant digits; a stored double such as 120.05000000000001 (what =A1*0.1 may cache) is read
    /// as the 120.05 the user sees, rather than failing the 4-decimal rule on binary noise.
    /// </summary>
    internal static decimal ExcelPrecision(decimal value)
    {
        if (value == 0)
        {
            return 0;
        }
        var integerDigits = (int)Math.Floor(Math.Log10((double)Math.Abs(value))) + 1;
        var decimals = 15 - integerDigits;
        return decimals is >= 0 and <= 28 ? Math.Round(value, decimals, MidpointRounding.AwayFromZero) : value;
    }

    private static string Shorten(string text) => text.Length <= 20 ? text : text[..20] + "…";

    [GeneratedRegex(@"^[+-]?(\d+(\.\d*)?|\.\d+)$")]
    private static partial Regex PlainNumber();
}
