using System.Globalization;
using ClosedXML.Excel;
using Investment.Api.Excel;
using Investment.Domain;

namespace Investment.Api.Features.Imports;

/// <summary>
/// One section in the template. <c>Editable</c> is false when the month is submitted or approved: the row is listed
/// so the headquarters see it, but its fill-in cells stay empty and locked. <c>Correction</c>: the open revision is a
/// correction, where a negative month actual is allowed.
/// </summary>
public sealed record TemplateRow(
    long SectionId,
    string RegionName,
    string ProjectCode,
    string ProjectName,
    string SectionName,
    string State,
    bool Editable,
    bool Correction,
    decimal? MonthActual,
    decimal? PhysicalProgress,
    string? ProgressDecreaseReason,
    string? Narrative,
    string? Problems);

/// <summary>
/// What the template is for, the rows it lists, and its 制表单位 line (<see cref="XlsxSheetLayout.IssuedBy"/>, the
/// bureau from <c>Bureau:Name</c>).
/// </summary>
public sealed record TemplateModel(
    string RegionCode, string RegionName, ReportingMonth Period, DateTimeOffset GeneratedAt, string Issuer, IReadOnlyList<TemplateRow> Rows);

/// <summary>
/// Writes the monthly-report template with ClosedXML (<see cref="XlsxBook"/>, the stylesheet every formatted sheet
/// shares: a template lists one county's or city's sections, a few thousand rows at most). The layout comes from
/// <see cref="MonthlyReportSheet"/>: title, 制表单位 line, unit line, frozen header with the fill-in columns' headers
/// yellow, one row per section, submitted and approved months grey. The sheet is protected without a password so
/// the identifying columns stay as written, while the fill-in cells of open months are unlocked and carry data
/// validation with an input prompt (number ranges, text lengths, a 是/否 drop-down). A very hidden "meta" sheet records
/// region, period and template version for the upload to check. Text is always written as text, so a name starting
/// with "=" never becomes a formula.
/// </summary>
public static class MonthlyReportTemplateWriter
{
    public const string ContentType = XlsxWriter.ContentType;

    /// <summary>
    /// Points per line of 11-pt text, with room for the taller line of the CJK fonts LibreOffice substitutes for 宋体; a
    /// row grows to at most <see cref="MaxLines"/> lines, the rest scrolls in the cell.
    /// </summary>
    private const double LineHeight = 18;
    private const int MaxLines = 12;

    public static void Write(Stream output, TemplateModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var layout = new XlsxSheetLayout(MonthlyReportSheet.SheetName,
            MonthlyReportSheet.Columns.Select(c => new XlsxColumn(c.Header, c.Style, c.Width)).ToList())
        {
            Title = MonthlyReportSheet.Title(model.RegionName, model.Period),
            Issuer = model.Issuer,
            Subtitle = MonthlyReportSheet.UnitLine,
        };
        if (layout.HeaderRow != MonthlyReportSheet.HeaderRow)
        {
            // The upload finds the header by its text, but the tests and the README name its row.
            throw new InvalidOperationException($"The template's header is on row {layout.HeaderRow}, not {MonthlyReportSheet.HeaderRow}.");
        }

        using var book = XlsxBook.Create(output);
        var sheet = book.AddSheet(layout);
        var lines = new List<int>(model.Rows.Count);
        foreach (var r in model.Rows)
        {
            XlsxCell[] identity =
            [
                XlsxCell.Number(r.SectionId), XlsxCell.Text(r.RegionName), XlsxCell.Text(r.ProjectCode),
                XlsxCell.Text(r.ProjectName), XlsxCell.Text(r.SectionName), XlsxCell.Text(r.State),
            ];
            // A closed month's fill-in cells stay empty (and locked): its figures are in the system, not to be retyped.
            XlsxCell[] cells = r.Editable
                ?
                [
                    .. identity, XlsxCell.Number(r.MonthActual), XlsxCell.Number(r.PhysicalProgress),
                    XlsxCell.Text(r.ProgressDecreaseReason), XlsxCell.Text(r.Narrative), XlsxCell.Text(r.Problems),
                    XlsxCell.Text(MonthlyReportSheet.No),
                ]
                : identity;
            sheet.WriteRow(cells, r.Editable ? XlsxTone.Plain : XlsxTone.Locked);
            lines.Add(LinesOf(cells));
        }
        book.LayOut();

        var ws = sheet.Worksheet;
        foreach (var column in MonthlyReportSheet.Columns.Where(c => c.Kind != SheetColumnKind.Identity))
        {
            XlsxBook.Apply(ws.Cell(MonthlyReportSheet.HeaderRow, column.Index).Style, XlsxStyles.EntryHeader);
        }
        ws.Row(MonthlyReportSheet.HeaderRow).Height = 30;
        for (var i = 0; i < lines.Count; i++)
        {
            ws.Row(MonthlyReportSheet.FirstDataRow + i).Height = Math.Min(lines[i], MaxLines) * LineHeight;
        }
        ws.Column(MonthlyReportSheet.Submit.Index).Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Center;
        var editable = EditableRanges(ws, model.Rows, _ => true);
        foreach (var range in editable)
        {
            range.Style.Protection.Locked = false;
        }
        if (editable.Count > 0)
        {
            Validations(ws, model.Rows);
        }
        Protect(ws);
        ws.SetTabSelected();
        ws.SheetView.TopLeftCellAddress = ws.Cell(MonthlyReportSheet.FirstDataRow, 1).Address;
        ws.Cell(MonthlyReportSheet.FirstDataRow, MonthlyReportSheet.MonthActual.Index).SetActive();

        Meta(book.Workbook, model);
        book.Complete();
    }

    /// <summary>The lines the row's wrapped columns need (a prefilled narrative, a long project name, the no-plan note).</summary>
    private static int LinesOf(XlsxCell[] cells)
    {
        var most = 1;
        for (var i = 0; i < cells.Length; i++)
        {
            var column = MonthlyReportSheet.Columns[i];
            if (column.Style == XlsxStyle.WrappedText && cells[i].Kind == XlsxCellKind.Text)
            {
                most = Math.Max(most, XlsxText.Lines(cells[i].TextValue!, column.Width));
            }
        }
        return most;
    }

    /// <summary>
    /// The fill-in cells (G to L) of the rows <paramref name="which"/> picks among the editable ones, as ranges of
    /// consecutive rows: a city's template of thousands of rows names a few ranges, not thousands of cells.
    /// </summary>
    private static List<IXLRange> EditableRanges(IXLWorksheet ws, IReadOnlyList<TemplateRow> rows, Func<TemplateRow, bool> which,
        SheetColumn? first = null, SheetColumn? last = null)
    {
        var from = (first ?? MonthlyReportSheet.MonthActual).Index;
        var to = (last ?? MonthlyReportSheet.Submit).Index;
        var ranges = new List<IXLRange>();
        var start = -1;
        for (var i = 0; i <= rows.Count; i++)
        {
            var picked = i < rows.Count && rows[i].Editable && which(rows[i]);
            if (picked && start < 0)
            {
                start = i;
            }
            else if (!picked && start >= 0)
            {
                ranges.Add(ws.Range(MonthlyReportSheet.FirstDataRow + start, from, MonthlyReportSheet.FirstDataRow + i - 1, to));
                start = -1;
            }
        }
        return ranges;
    }

    private static void Validations(IXLWorksheet ws, IReadOnlyList<TemplateRow> rows)
    {
        // A rule over the whole column, closed rows included (their cells are locked anyway): one range, not one per run.
        var lastRow = MonthlyReportSheet.FirstDataRow + rows.Count - 1;
        List<IXLRange> Cells(SheetColumn column) => [ws.Range(MonthlyReportSheet.FirstDataRow, column.Index, lastRow, column.Index)];

        var money = MonthlyReportSheet.MonthActual;
        var max = decimal.Truncate(Money.MaxWan).ToString(CultureInfo.InvariantCulture);
        // The amount's range depends on the row: a correction may be negative. Split into runs of rows of one kind.
        Validation(EditableRanges(ws, rows, r => !r.Correction, money, money), money,
                "填写本月完成投资，单位万元，最多 4 位小数；没有完成投资填 0。", "请输入 0 及以上的数字（万元）。负数只能通过更正提交。")
            ?.Decimal.Between("0", max);
        Validation(EditableRanges(ws, rows, r => r.Correction, money, money), money, "更正：填写更正后的本月完成投资（万元），可为负数。", "请输入数字（万元）。")
            ?.Decimal.Between("-" + max, max);
        var progress = MonthlyReportSheet.PhysicalProgress;
        Validation(Cells(progress), progress,
                "工程累计形象进度，0–100，填 45 表示 45%，最多 2 位小数。比上月低时请填写下降原因。", "请输入 0 到 100 之间的数字。")
            ?.Decimal.Between("0", "100");
        foreach (var (column, prompt) in new[]
                 {
                     (MonthlyReportSheet.ProgressDecreaseReason, "形象进度比上月低时必填：说明下降的原因。"),
                     (MonthlyReportSheet.Narrative, "本月工程进展情况。"),
                     (MonthlyReportSheet.Problems, "存在的问题及需协调解决的事项，没有可不填。"),
                 })
        {
            var most = MonthlyReportSheet.MaxLength(column);
            Validation(Cells(column), column, $"{prompt}最多 {most} 个字。", $"“{column.Header}”最多 {most} 个字。")
                ?.TextLength.EqualOrLessThan(most);
        }
        var submit = MonthlyReportSheet.Submit;
        Validation(Cells(submit), submit, "选“是”：保存后直接提交审核；选“否”：仅保存为草稿。", "请从下拉列表中选择“是”或“否”。")
            ?.List($"\"{MonthlyReportSheet.Yes},{MonthlyReportSheet.No}\"", true);
    }

    /// <summary>One validation over <paramref name="ranges"/> (none when empty), with an input prompt titled by the header.</summary>
    private static IXLDataValidation? Validation(List<IXLRange> ranges, SheetColumn column, string prompt, string error)
    {
        if (ranges.Count == 0)
        {
            return null;
        }
        var validation = ranges[0].SetDataValidation();
        foreach (var range in ranges.Skip(1))
        {
            validation.AddRange(range);
        }
        validation.IgnoreBlanks = true;
        validation.ShowInputMessage = true;
        validation.InputTitle = column.Header;
        validation.InputMessage = prompt;
        validation.ShowErrorMessage = true;
        validation.ErrorStyle = XLErrorStyle.Stop;
        validation.ErrorTitle = column.Header;
        validation.ErrorMessage = error;
        return validation;
    }

    /// <summary>
    /// Protected without a password: the identifying columns stay put and the unlocked fill-in cells stay editable,
    /// while a clerk may still resize, format and filter, and one who must can unprotect; the upload re-checks
    /// everything anyway.
    /// </summary>
    private static void Protect(IXLWorksheet ws) =>
        ws.Protect()
            .AllowElement(XLSheetProtectionElements.FormatCells)
            .AllowElement(XLSheetProtectionElements.FormatColumns)
            .AllowElement(XLSheetProtectionElements.FormatRows)
            .AllowElement(XLSheetProtectionElements.AutoFilter);

    private static void Meta(XLWorkbook workbook, TemplateModel model)
    {
        var meta = workbook.Worksheets.Add(MonthlyReportSheet.MetaSheetName);
        var values = new (string Key, string Value)[]
        {
            (MonthlyReportSheet.MetaTemplate, MonthlyReportSheet.TemplateKind),
            (MonthlyReportSheet.MetaVersion, MonthlyReportSheet.TemplateVersion),
            (MonthlyReportSheet.MetaRegionCode, model.RegionCode),
            (MonthlyReportSheet.MetaPeriod, model.Period.ToString()),
            (MonthlyReportSheet.MetaGeneratedAt, model.GeneratedAt.ToString("O", CultureInfo.InvariantCulture)),
        };
        for (var i = 0; i < values.Length; i++)
        {
            // As text: "2", "330681" and "2023-12" would otherwise become a number and a date.
            XlsxBookSheet.Set(meta.Cell(i + 1, 1), XlsxCell.Text(values[i].Key));
            XlsxBookSheet.Set(meta.Cell(i + 1, 2), XlsxCell.Text(values[i].Value));
        }
        meta.Visibility = XLWorksheetVisibility.VeryHidden;
        meta.Protect();
    }
}
