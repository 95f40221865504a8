using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
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

/// <summary>What the template is for and the rows it lists.</summary>
public sealed record TemplateModel(string RegionCode, string RegionName, ReportingMonth Period, DateTimeOffset GeneratedAt, IReadOnlyList<TemplateRow> Rows);

/// <summary>
/// Writes the monthly-report template with the Open XML SDK (2.x DOM: a template lists one county's or city's sections,
/// a few thousand rows at most). The layout comes from <see cref="MonthlyReportSheet"/>; the sheet is protected
/// without a password so the identifying columns stay as written, while the fill-in cells are unlocked and carry data
/// validation (number ranges, text lengths, a 是/否 drop-down). A very hidden "meta" sheet records region, period and
/// template version for the upload to check. Text is always written as text, so a name starting with "=" never becomes
/// a formula.
/// </summary>
public static class MonthlyReportTemplateWriter
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    // Cell formats, in the order Stylesheet() writes them.
    private const uint Title = 1;
    private const uint Header = 2;
    private const uint LockedText = 3;
    private const uint LockedId = 4;
    private const uint Money = 5;
    private const uint Percent = 6;
    private const uint FreeText = 7;
    private const uint Choice = 8;
    private const uint Closed = 9;
    private const uint HeaderFill = 10;
    private const uint MoneyNumberFormat = 164;

    public static void Write(Stream output, TemplateModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var workbookPart = document.AddWorkbookPart();
        workbookPart.Workbook = new Workbook();
        var styles = workbookPart.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = Stylesheet();

        var sheetPart = workbookPart.AddNewPart<WorksheetPart>();
        sheetPart.Worksheet = Worksheet(model);
        var metaPart = workbookPart.AddNewPart<WorksheetPart>();
        metaPart.Worksheet = MetaWorksheet(model);

        workbookPart.Workbook.Append(
            new BookViews(new WorkbookView { ActiveTab = 0 }),
            new Sheets(
                new Sheet { Name = MonthlyReportSheet.SheetName, SheetId = 1, Id = workbookPart.GetIdOfPart(sheetPart) },
                new Sheet
                {
                    Name = MonthlyReportSheet.MetaSheetName, SheetId = 2, Id = workbookPart.GetIdOfPart(metaPart),
                    State = SheetStateValues.VeryHidden,
                }),
            new DefinedNames(new DefinedName($"'{MonthlyReportSheet.SheetName}'!$1:${MonthlyReportSheet.HeaderRow}")
            {
                Name = "_xlnm.Print_Titles", LocalSheetId = 0,
            }));
        workbookPart.Workbook.Save();
    }

    private static Worksheet Worksheet(TemplateModel model)
    {
        var columns = MonthlyReportSheet.Columns;
        var last = columns[^1].Letter;
        var lastRow = MonthlyReportSheet.FirstDataRow + model.Rows.Count - 1;

        var sheetData = new SheetData();
        var title = new Row { RowIndex = MonthlyReportSheet.TitleRow, Height = 28, CustomHeight = true };
        title.Append(TextCell($"A{MonthlyReportSheet.TitleRow}", MonthlyReportSheet.Title(model.RegionName, model.Period), Title));
        sheetData.Append(title);

        var header = new Row { RowIndex = MonthlyReportSheet.HeaderRow, Height = 32, CustomHeight = true };
        foreach (var column in columns)
        {
            header.Append(TextCell($"{column.Letter}{MonthlyReportSheet.HeaderRow}", column.Header,
                column.Kind == SheetColumnKind.Identity ? Header : HeaderFill));
        }
        sheetData.Append(header);

        var rowIndex = (uint)MonthlyReportSheet.FirstDataRow;
        foreach (var r in model.Rows)
        {
            var row = new Row { RowIndex = rowIndex };
            var n = rowIndex.ToString(CultureInfo.InvariantCulture);
            row.Append(
                NumberCell($"A{n}", r.SectionId.ToString(CultureInfo.InvariantCulture), LockedId),
                TextCell($"B{n}", r.RegionName, LockedText),
                TextCell($"C{n}", r.ProjectCode, LockedText),
                TextCell($"D{n}", r.ProjectName, LockedText),
                TextCell($"E{n}", r.SectionName, LockedText),
                TextCell($"F{n}", r.State, LockedText));
            if (r.Editable)
            {
                row.Append(
                    NumberCell($"G{n}", Format(r.MonthActual), Money),
                    NumberCell($"H{n}", Format(r.PhysicalProgress), Percent),
                    TextCell($"I{n}", r.ProgressDecreaseReason, FreeText),
                    TextCell($"J{n}", r.Narrative, FreeText),
                    TextCell($"K{n}", r.Problems, FreeText),
                    TextCell($"L{n}", MonthlyReportSheet.No, Choice));
            }
            else
            {
                foreach (var column in MonthlyReportSheet.FillIn.Append(MonthlyReportSheet.Submit))
                {
                    row.Append(new Cell { CellReference = $"{column.Letter}{n}", StyleIndex = Closed });
                }
            }
            sheetData.Append(row);
            rowIndex++;
        }

        var worksheet = new Worksheet();
        worksheet.Append(
            new SheetViews(new SheetView(
                // Frozen below the title and header rows (ySplit is the SDK's VerticalSplit).
                new Pane
                {
                    VerticalSplit = MonthlyReportSheet.HeaderRow, TopLeftCell = $"A{MonthlyReportSheet.FirstDataRow}",
                    ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen,
                },
                new Selection { Pane = PaneValues.BottomLeft, ActiveCell = $"G{MonthlyReportSheet.FirstDataRow}", SequenceOfReferences = new ListValue<StringValue> { InnerText = $"G{MonthlyReportSheet.FirstDataRow}" } })
            {
                WorkbookViewId = 0, TabSelected = true,
            }),
            new SheetFormatProperties { DefaultRowHeight = 18 },
            new Columns(columns.Select(c => new Column { Min = (uint)c.Index, Max = (uint)c.Index, Width = c.Width, CustomWidth = true })),
            sheetData,
            // Structure protected, no password: the identifying columns stay put, the unlocked fill-in cells stay
            // editable, and a user who must can still unprotect; the upload re-checks everything anyway.
            new SheetProtection
            {
                Sheet = true, Objects = true, Scenarios = true,
                FormatColumns = false, FormatRows = false, FormatCells = false, AutoFilter = false,
            },
            new MergeCells(new MergeCell { Reference = $"A{MonthlyReportSheet.TitleRow}:{last}{MonthlyReportSheet.TitleRow}" }));
        if (model.Rows.Count > 0)
        {
            worksheet.Append(Validations(model, lastRow));
        }
        worksheet.Append(
            new PageMargins { Left = 0.4, Right = 0.4, Top = 0.6, Bottom = 0.6, Header = 0.3, Footer = 0.3 },
            new PageSetup { Orientation = OrientationValues.Landscape, PaperSize = 9, FitToWidth = 1, FitToHeight = 0 });
        return worksheet;
    }

    private static DataValidations Validations(TemplateModel model, int lastRow)
    {
        var first = MonthlyReportSheet.FirstDataRow;
        string Range(SheetColumn c) => $"{c.Letter}{first}:{c.Letter}{lastRow}";
        string Rows(SheetColumn c, Func<TemplateRow, bool> which) =>
            string.Join(' ', model.Rows.Select((r, i) => (r, i)).Where(x => which(x.r)).Select(x => $"{c.Letter}{first + x.i}"));

        var validations = new List<DataValidation>();
        var max = decimal.Truncate(global::Investment.Domain.Money.MaxWan).ToString(CultureInfo.InvariantCulture);
        var normal = Rows(MonthlyReportSheet.MonthActual, r => r.Editable && !r.Correction);
        if (normal.Length > 0)
        {
            validations.Add(Decimal(normal, "0", max, "本月完成投资(万元)", "填写本月完成投资，单位万元，最多 4 位小数；没有完成投资填 0。",
                "请输入 0 及以上的数字（万元）。负数只能通过更正提交。"));
        }
        var corrections = Rows(MonthlyReportSheet.MonthActual, r => r.Editable && r.Correction);
        if (corrections.Length > 0)
        {
            validations.Add(Decimal(corrections, "-" + max, max, "本月完成投资(万元)", "更正：填写更正后的本月完成投资（万元），可为负数。",
                "请输入数字（万元）。"));
        }
        validations.Add(Decimal(Range(MonthlyReportSheet.PhysicalProgress), "0", "100", "形象进度(%)",
            "工程累计形象进度，0–100，填 45 表示 45%。比上月低时请填写下降原因。", "请输入 0 到 100 之间的数字。"));
        validations.Add(TextLength(Range(MonthlyReportSheet.ProgressDecreaseReason), Limits.ReasonMax));
        validations.Add(TextLength(Range(MonthlyReportSheet.Narrative), Limits.NarrativeMax));
        validations.Add(TextLength(Range(MonthlyReportSheet.Problems), Limits.ProblemsMax));
        validations.Add(new DataValidation
        {
            Type = DataValidationValues.List, AllowBlank = true, ShowInputMessage = true, ShowErrorMessage = true,
            PromptTitle = "是否提交", Prompt = "选“是”：保存后直接提交审核；选“否”：仅保存为草稿。",
            ErrorTitle = "是否提交", Error = "请从下拉列表中选择“是”或“否”。",
            SequenceOfReferences = new ListValue<StringValue> { InnerText = Range(MonthlyReportSheet.Submit) },
            Formula1 = new Formula1($"\"{MonthlyReportSheet.Yes},{MonthlyReportSheet.No}\""),
        });
        return new DataValidations(validations) { Count = (uint)validations.Count };
    }

    private static DataValidation Decimal(string sqref, string min, string max, string title, string prompt, string error) => new()
    {
        Type = DataValidationValues.Decimal, Operator = DataValidationOperatorValues.Between, AllowBlank = true,
        ShowInputMessage = true, ShowErrorMessage = true, PromptTitle = title, Prompt = prompt, ErrorTitle = title, Error = error,
        SequenceOfReferences = new ListValue<StringValue> { InnerText = sqref },
        Formula1 = new Formula1(min), Formula2 = new Formula2(max),
    };

    private static DataValidation TextLength(string sqref, int max) => new()
    {
        Type = DataValidationValues.TextLength, Operator = DataValidationOperatorValues.LessThanOrEqual, AllowBlank = true,
        ShowErrorMessage = true, ErrorTitle = "内容过长", Error = $"最多 {max} 个字。",
        SequenceOfReferences = new ListValue<StringValue> { InnerText = sqref },
        Formula1 = new Formula1(max.ToString(CultureInfo.InvariantCulture)),
    };

    private static Worksheet MetaWorksheet(TemplateModel model)
    {
        var values = new (string Key, string Value)[]
        {
            (MonthlyReportSheet.MetaTemplate, MonthlyReportSheet.TemplateKind),
            (MonthlyReportSheet.MetaVersion, MonthlyReportSheet.TemplateVersion),
            (MonthlyReportSheet.MetaRegionCode, model.RegionCode),
            (MonthlyReportSheet.MetaPeriod, model.Period.ToString()),
            (MonthlyReportSheet.MetaGeneratedAt, model.GeneratedAt.ToString("O", CultureInfo.InvariantCulture)),
        };
        var data = new SheetData();
        for (var i = 0; i < values.Length; i++)
        {
            var n = (i + 1).ToString(CultureInfo.InvariantCulture);
            data.Append(new Row(TextCell($"A{n}", values[i].Key, 0), TextCell($"B{n}", values[i].Value, 0)) { RowIndex = (uint)(i + 1) });
        }
        return new Worksheet(data, new SheetProtection { Sheet = true });
    }

    private static Cell TextCell(string reference, string? text, uint style)
    {
        var cell = new Cell { CellReference = reference, StyleIndex = style };
        if (!string.IsNullOrEmpty(text))
        {
            cell.DataType = CellValues.InlineString;
            cell.InlineString = new InlineString(new Text(XlsxText.Escape(text)) { Space = SpaceProcessingModeValues.Preserve });
        }
        return cell;
    }

    private static Cell NumberCell(string reference, string? value, uint style)
    {
        var cell = new Cell { CellReference = reference, StyleIndex = style };
        if (value is not null)
        {
            cell.CellValue = new CellValue(value);
        }
        return cell;
    }

    private static string? Format(decimal? value) => value?.ToString("0.############", CultureInfo.InvariantCulture);

    private static Stylesheet Stylesheet()
    {
        var fonts = new Fonts(
            new Font(new FontSize { Val = 11 }, new FontName { Val = "宋体" }),
            new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "宋体" }),
            new Font(new Bold(), new FontSize { Val = 16 }, new FontName { Val = "宋体" }));
        // The two placeholder fills come first; Excel reserves indexes 0 and 1.
        var fills = new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFD9D9D9" }, new BackgroundColor { Indexed = 64 }) { PatternType = PatternValues.Solid }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFFFF2CC" }, new BackgroundColor { Indexed = 64 }) { PatternType = PatternValues.Solid }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFF2F2F2" }, new BackgroundColor { Indexed = 64 }) { PatternType = PatternValues.Solid }));
        var thin = new Borders(
            new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()),
            new Border(
                new LeftBorder(new Color { Indexed = 64 }) { Style = BorderStyleValues.Thin },
                new RightBorder(new Color { Indexed = 64 }) { Style = BorderStyleValues.Thin },
                new TopBorder(new Color { Indexed = 64 }) { Style = BorderStyleValues.Thin },
                new BottomBorder(new Color { Indexed = 64 }) { Style = BorderStyleValues.Thin },
                new DiagonalBorder()));
        fonts.Count = (uint)fonts.ChildElements.Count;
        fills.Count = (uint)fills.ChildElements.Count;
        thin.Count = (uint)thin.ChildElements.Count;
        var numberFormats = new NumberingFormats(new NumberingFormat { NumberFormatId = MoneyNumberFormat, FormatCode = "#,##0.0000" })
        {
            Count = 1,
        };

        static CellFormat Format(uint font, uint fill, uint border, uint numberFormat, bool locked, HorizontalAlignmentValues? horizontal, bool wrap)
        {
            var format = new CellFormat
            {
                FontId = font, FillId = fill, BorderId = border, NumberFormatId = numberFormat,
                ApplyFont = font != 0, ApplyFill = fill != 0, ApplyBorder = border != 0, ApplyNumberFormat = numberFormat != 0,
                ApplyAlignment = true, ApplyProtection = !locked,
            };
            format.Append(new Alignment { Horizontal = horizontal, Vertical = VerticalAlignmentValues.Center, WrapText = wrap });
            if (!locked)
            {
                format.Append(new Protection { Locked = false });
            }
            return format;
        }

        var cellFormats = new CellFormats(
            new CellFormat { FontId = 0, FillId = 0, BorderId = 0, NumberFormatId = 0 },
            Format(2, 0, 0, 0, true, HorizontalAlignmentValues.Center, false),   // 1 title
            Format(1, 2, 1, 0, true, HorizontalAlignmentValues.Center, true),    // 2 header of a locked column
            Format(0, 0, 1, 0, true, HorizontalAlignmentValues.Left, true),      // 3 locked text
            Format(0, 0, 1, 1, true, HorizontalAlignmentValues.Center, false),   // 4 locked id ("0")
            Format(0, 0, 1, MoneyNumberFormat, false, HorizontalAlignmentValues.Right, false), // 5 money
            Format(0, 0, 1, 2, false, HorizontalAlignmentValues.Right, false),   // 6 percent number ("0.00")
            Format(0, 0, 1, 49, false, HorizontalAlignmentValues.Left, true),    // 7 free text ("@")
            Format(0, 0, 1, 49, false, HorizontalAlignmentValues.Center, false), // 8 choice
            Format(0, 4, 1, 0, true, HorizontalAlignmentValues.Center, false),   // 9 closed (submitted or approved)
            Format(1, 3, 1, 0, true, HorizontalAlignmentValues.Center, true));   // 10 header of a fill-in column
        cellFormats.Count = (uint)cellFormats.ChildElements.Count;

        return new Stylesheet(
            numberFormats,
            fonts,
            fills,
            thin,
            new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
            cellFormats,
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
    }

}
