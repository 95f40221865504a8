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
        _workbook.SaveAs(_stream, new SaveOptions { EvaluateFormulasBeforeSaving = false, ValidatePackage = false });
        _completed = true;
    }

    public void Dispose()
    {
        _completed = true;
        _workbook.Dispose();
    }

    /// <summary>Applies a look to a cell or range: the ClosedXML rendering of <see cref="XlsxStyles"/>.</summary>
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
            style.Border.OutsideBorder = XLBorderStyleValues.Thin;
            style.Border.InsideBorder = XLBorderStyleValues.Thin;
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
    private readonly List<XlsxTone> _tones = [];

    internal XlsxBookSheet(IXLWorksheet worksheet, XlsxSheetLayout layout)
    {
        Worksheet = worksheet;
        _layout = layout;
        _widths = new XlsxColumnWidths(layout);
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
                XlsxBook.Apply(ws.Cell(row + 1, i + 1).Style, XlsxStyles.Body(item.Style, XlsxTone.Plain));
            }
            XlsxBook.Apply(ws.Range(row, 1, row, _layout.Summary.Count).Style, XlsxStyles.Header);
            row += 3;
        }
        for (var c = 0; c < columns; c++)
        {
            ws.Cell(HeaderRow, c + 1).SetValue(_layout.Columns[c].Header);
        }
        XlsxBook.Apply(ws.Range(HeaderRow, 1, HeaderRow, columns).Style, XlsxStyles.Header);

        // Body styles column by column, then each toned row over them: a few ranges rather than a style per cell. Each
        // look is built once, on one cell, and then assigned whole: ClosedXML restyles every cell of a range for each
        // property set, so applying a look property by property to a column of 5,000 rows costs ten passes, not one.
        var firstBody = HeaderRow + 1;
        var lastRow = HeaderRow + _tones.Count;
        if (_tones.Count > 0)
        {
            var built = new Dictionary<(int Column, XlsxTone Tone), IXLStyle>();
            IXLStyle Look(IXLCell cell, int c, XlsxTone tone)
            {
                if (!built.TryGetValue((c, tone), out var style))
                {
                    XlsxBook.Apply(cell.Style, XlsxStyles.Body(_layout.Columns[c].Style, tone));
                    built[(c, tone)] = style = cell.Style;
                }
                return style;
            }
            for (var c = 0; c < columns; c++)
            {
                ws.Range(firstBody, c + 1, lastRow, c + 1).Style = Look(ws.Cell(firstBody, c + 1), c, XlsxTone.Plain);
            }
            for (var i = 0; i < _tones.Count; i++)
            {
                if (_tones[i] == XlsxTone.Plain)
                {
                    continue;
                }
                for (var c = 0; c < columns; c++)
                {
                    var cell = ws.Cell(firstBody + i, c + 1);
                    cell.Style = Look(cell, c, _tones[i]);
                }
            }
        }

        var widths = _widths.Final();
        for (var c = 0; c < columns; c++)
        {
            ws.Column(c + 1).Width = widths[c];
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
        page.SetRowsToRepeatAtTop(HeaderRow, HeaderRow);
        page.Footer.Center.AddText(XlsxStyles.PageFooter[2..], XLHFOccurrence.AllPages);
    }

    private IXLRow HeadLine(int row, string text, XlsxLook look)
    {
        var ws = Worksheet;
        ws.Cell(row, 1).SetValue(text);
        var range = ws.Range(row, 1, row, _layout.Columns.Count);
        if (_layout.Columns.Count > 1)
        {
            range.Merge();
        }
        XlsxBook.Apply(range.Style, look);
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
