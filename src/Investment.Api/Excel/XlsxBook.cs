using System.Collections.Concurrent;
using System.Globalization;
using ClosedXML.Excel;

namespace Investment.Api.Excel;

/// <summary>
/// Writes a formatted workbook with ClosedXML from the same <see cref="XlsxSheetLayout"/> and <see cref="XlsxStyles"/> the
/// streaming writer renders: the tables a bureau hands in (rankings, breakdowns, lists of a few thousand rows). ClosedXML
/// holds the whole workbook until <see cref="Complete"/> saves it, so big lists go to <see cref="XlsxWriter"/> instead
/// (<see cref="XlsxWorkbooks"/>).
/// </summary>
public sealed class XlsxBook : IXlsxWorkbook
{
    /// <summary>
    /// No formula is evaluated or chained (the sheets hold values; text like "=1+1" stays text) and no range is merged
    /// into another: what is left of saving is writing the parts, most of a ranking file's time.
    /// </summary>
    private static readonly SaveOptions Saving = new()
    {
        EvaluateFormulasBeforeSaving = false,
        ValidatePackage = false,
        GenerateCalculationChain = false,
        ConsolidateConditionalFormatRanges = false,
        ConsolidateDataValidationRanges = false,
    };

    private readonly Stream _stream;
    private readonly XLWorkbook _workbook = new();
    private readonly List<XlsxBookSheet> _sheets = [];
    private bool _completed;
    private bool _laidOut;

    private XlsxBook(Stream stream) => _stream = stream;

    public static XlsxBook Create(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream must be writable.", nameof(stream));
        }
        return new XlsxBook(stream);
    }

    /// <summary>The ClosedXML workbook, for what a layout does not describe (the import template's validation lists).</summary>
    public XLWorkbook Workbook => _workbook;

    IXlsxSheet IXlsxWorkbook.AddSheet(XlsxSheetLayout layout) => AddSheet(layout);

    public XlsxBookSheet AddSheet(XlsxSheetLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ObjectDisposedException.ThrowIf(_completed, this);
        if (layout.Columns.Count == 0)
        {
            throw new ArgumentException("A sheet needs at least one column.", nameof(layout));
        }
        var sheet = new XlsxBookSheet(_workbook.Worksheets.Add(layout.Name), layout);
        _sheets.Add(sheet);
        return sheet;
    }

    /// <summary>
    /// Lays out every sheet's head, body styles, widths and print set-up. <see cref="Complete"/> does it if it has not been
    /// done; called first, it lets a caller restyle what the layout applied (the template's fill-in headers) before saving.
    /// </summary>
    public void LayOut()
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (_laidOut)
        {
            return;
        }
        if (_sheets.Count == 0)
        {
            throw new InvalidOperationException("A workbook needs at least one sheet.");
        }
        foreach (var sheet in _sheets)
        {
            sheet.Complete();
        }
        _laidOut = true;
    }

    /// <summary>Lays the sheets out (<see cref="LayOut"/>) unless done already, then saves the workbook to the stream.</summary>
    public void Complete()
    {
        if (_completed)
        {
            return;
        }
        LayOut();
        _workbook.Worksheet(1).SetTabActive();
        _workbook.SaveAs(_stream, Saving);
        _completed = true;
    }

    public void Dispose()
    {
        _completed = true;
        _workbook.Dispose();
    }

    /// <summary>
    /// Every look as a detached ClosedXML style, made once for the process. Assigning a whole style to a range costs one
    /// style look-up per cell, where <see cref="Apply"/>ing a look to a range costs one per property per cell: with a
    /// dozen properties that was 14 of a ranking file's 20 ms; building the styles for each workbook was another 9%. A
    /// detached style is only read when assigned (its value is immutable and ClosedXML's style repository is shared by
    /// every workbook anyway), so concurrent exports may share them.
    /// </summary>
    private static readonly ConcurrentDictionary<XlsxLook, IXLStyle> Styles = new();

    internal static IXLStyle StyleOf(XlsxLook look) =>
        Styles.GetOrAdd(look, static l =>
        {
            var style = XLWorkbook.DefaultStyle;
            Apply(style, l);
            return style;
        });

    /// <summary>Applies a look to a cell, range or detached style: the ClosedXML rendering of <see cref="XlsxStyles"/>.</summary>
    internal static void Apply(IXLStyle style, XlsxLook look)
    {
        style.Font.FontName = XlsxStyles.FontName;
        style.Font.FontSize = look.FontSize;
        style.Font.Bold = look.Bold;
        if (look.NumberFormat is { } format)
        {
            style.NumberFormat.Format = format;
        }
        style.Alignment.Horizontal = look.Align switch
        {
            XlsxAlign.Left => XLAlignmentHorizontalValues.Left,
            XlsxAlign.Center => XLAlignmentHorizontalValues.Center,
            XlsxAlign.Right => XLAlignmentHorizontalValues.Right,
            _ => XLAlignmentHorizontalValues.General,
        };
        style.Alignment.Vertical = look.Top ? XLAlignmentVerticalValues.Top : XLAlignmentVerticalValues.Center;
        style.Alignment.WrapText = look.Wrap;
        if (look.Border)
        {
            // Every side of every cell rather than a range's outside and inside: the same grid, and it works on a detached style.
            style.Border.TopBorder = style.Border.BottomBorder = style.Border.LeftBorder = style.Border.RightBorder = XLBorderStyleValues.Thin;
        }
        if (look.FillArgb is { } argb)
        {
            style.Fill.BackgroundColor = XLColor.FromArgb(int.Parse(argb, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        }
    }
}

/// <summary>One ClosedXML worksheet being filled row by row; its head and set-up are applied on completion.</summary>
public sealed class XlsxBookSheet : IXlsxSheet
{
    private readonly XlsxSheetLayout _layout;
    private readonly XlsxColumnWidths _widths;
    private readonly XlsxRowHeights _heights;
    private readonly List<XlsxTone> _tones = [];

    internal XlsxBookSheet(IXLWorksheet worksheet, XlsxSheetLayout layout)
    {
        Worksheet = worksheet;
        _layout = layout;
        _widths = new XlsxColumnWidths(layout);
        _heights = new XlsxRowHeights(layout);
    }

    public IXLWorksheet Worksheet { get; }

    public string Name => _layout.Name;

    public int RowCount => _tones.Count;

    public int HeaderRow => _layout.HeaderRow;

    public void WriteRow(ReadOnlySpan<XlsxCell> cells, XlsxTone tone = XlsxTone.Plain)
    {
        if (cells.Length > _layout.Columns.Count)
        {
            throw new ArgumentException($"Sheet '{Name}' has {_layout.Columns.Count} columns; the row has {cells.Length} values.", nameof(cells));
        }
        var row = HeaderRow + 1 + _tones.Count;
        for (var i = 0; i < cells.Length; i++)
        {
            Set(Worksheet.Cell(row, i + 1), cells[i]);
        }
        _widths.Measure(cells);
        if (_heights.Of(cells) is { } height)
        {
            Worksheet.Row(row).Height = height;
        }
        _tones.Add(tone);
    }

    internal void Complete()
    {
        var ws = Worksheet;
        var columns = _layout.Columns.Count;
        var row = 1;
        if (_layout.Title is { } title)
        {
            HeadLine(row++, title, XlsxStyles.Title).Height = 30;
        }
        if (_layout.Issuer is { } issuer)
        {
            HeadLine(row++, issuer, XlsxStyles.Issuer);
        }
        if (_layout.Subtitle is { } subtitle)
        {
            HeadLine(row++, subtitle, XlsxStyles.Subtitle);
        }
        if (_layout.Summary.Count > 0)
        {
            for (var i = 0; i < _layout.Summary.Count; i++)
            {
                var item = _layout.Summary[i];
                ws.Cell(row, i + 1).SetValue(item.Label);
                Set(ws.Cell(row + 1, i + 1), item.Value);
                ws.Cell(row + 1, i + 1).Style = XlsxBook.StyleOf(XlsxStyles.Body(item.Style, XlsxTone.Plain));
            }
            ws.Range(row, 1, row, _layout.Summary.Count).Style = XlsxBook.StyleOf(XlsxStyles.Header);
            row += 3;
        }
        for (var c = 0; c < columns; c++)
        {
            ws.Cell(HeaderRow, c + 1).SetValue(_layout.Columns[c].Header);
        }
        ws.Range(HeaderRow, 1, HeaderRow, columns).Style = XlsxBook.StyleOf(XlsxStyles.Header);

        // Body styles column by column, then each toned row's cells over them: a whole style per range or cell (ClosedXML
        // 0.95 walks every cell of a range for each property set one by one).
        var firstBody = HeaderRow + 1;
        var lastRow = HeaderRow + _tones.Count;
        if (_tones.Count > 0)
        {
            for (var c = 0; c < columns; c++)
            {
                ws.Range(firstBody, c + 1, lastRow, c + 1).Style = XlsxBook.StyleOf(XlsxStyles.Body(_layout.Columns[c].Style, XlsxTone.Plain));
            }
            for (var i = 0; i < _tones.Count; i++)
            {
                if (_tones[i] == XlsxTone.Plain)
                {
                    continue;
                }
                for (var c = 0; c < columns; c++)
                {
                    ws.Cell(firstBody + i, c + 1).Style = XlsxBook.StyleOf(XlsxStyles.Body(_layout.Columns[c].Style, _tones[i]));
                }
            }
        }

        var widths = _widths.Final();
        for (var c = 0; c < columns; c++)
        {
            ws.Column(c + 1).Width = widths[c];
        }
        if (XlsxRowHeights.Header(_layout, widths) is { } headerHeight)
        {
            ws.Row(HeaderRow).Height = headerHeight;
        }
        ws.SheetView.FreezeRows(HeaderRow);
        ws.Range(HeaderRow, 1, Math.Max(HeaderRow, lastRow), columns).SetAutoFilter();

        var page = ws.PageSetup;
        page.PaperSize = XLPaperSize.A4Paper;
        page.PageOrientation = XLPageOrientation.Landscape;
        page.Margins.Left = page.Margins.Right = 0.5;
        page.Margins.Top = page.Margins.Bottom = 0.6;
        page.Margins.Header = page.Margins.Footer = 0.3;
        if (_layout.FitToPageWidth)
        {
            page.FitToPages(1, 0);
        }
        else
        {
            page.Scale = _layout.PrintScale;
        }
        if (_layout.RepeatColumns > 0)
        {
            page.SetColumnsToRepeatAtLeft(1, _layout.RepeatColumns);
        }
        page.SetRowsToRepeatAtTop(HeaderRow, HeaderRow);
        page.Footer.Center.AddText(XlsxStyles.PageFooter[2..], XLHFOccurrence.AllPages);
    }

    private IXLRow HeadLine(int row, string text, XlsxLook look)
    {
        var ws = Worksheet;
        var cell = ws.Cell(row, 1);
        cell.SetValue(text);
        var span = Math.Min(_layout.Columns.Count, _layout.HeadColumns ?? _layout.Columns.Count);
        if (span > 1)
        {
            ws.Range(row, 1, row, span).Merge();
        }
        // A merged range shows its first cell's format; the head lines have no border, so the other cells need none.
        cell.Style = XlsxBook.StyleOf(look);
        return ws.Row(row);
    }

    // Text is always set as text: "=1+1", "+86…" or "@SUM(…)" typed by a user is never a formula.
    internal static void Set(IXLCell cell, XlsxCell value)
    {
        switch (value.Kind)
        {
            case XlsxCellKind.Text:
                cell.SetValue(value.TextValue!);
                cell.DataType = XLDataType.Text;
                break;
            case XlsxCellKind.Number:
                cell.SetValue(value.NumberValue);
                break;
            case XlsxCellKind.Date:
                cell.SetValue(XlsxText.DateSerial(value.DateValue));
                break;
        }
    }
}
