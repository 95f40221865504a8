using System.Drawing;
using System.Globalization;
using Investment.Api.Excel;
using OfficeOpenXml;
using OfficeOpenXml.Style;

namespace Investment.Benchmarks.Exports;

/// <summary>
/// EPPlus 4.5.3.3 rendering an <see cref="XlsxSheetLayout"/> as <see cref="XlsxBook"/> does with ClosedXML — merged
/// title, issuer and unit lines, styled header, number formats, borders, toned rows, widths, frozen header, filter,
/// landscape A4 one page wide, repeated header, page footer — so the ranking is timed as the same table in both
/// libraries, not formatted cells against bare values. Styles go on per range, as EPPlus's documentation advises.
/// </summary>
internal sealed class EpplusBook(Stream stream) : IXlsxWorkbook
{
    private readonly ExcelPackage _package = new();
    private readonly List<Sheet> _sheets = [];

    public IXlsxSheet AddSheet(XlsxSheetLayout layout)
    {
        var sheet = new Sheet(_package.Workbook.Worksheets.Add(layout.Name), layout);
        _sheets.Add(sheet);
        return sheet;
    }

    public void Complete()
    {
        foreach (var sheet in _sheets)
        {
            sheet.Complete();
        }
        _package.SaveAs(stream);
    }

    public void Dispose() => _package.Dispose();

    private sealed class Sheet(ExcelWorksheet worksheet, XlsxSheetLayout layout) : IXlsxSheet
    {
        private readonly XlsxColumnWidths _widths = new(layout);
        private readonly List<XlsxTone> _tones = [];

        public string Name => layout.Name;

        public int RowCount => _tones.Count;

        public void WriteRow(ReadOnlySpan<XlsxCell> cells, XlsxTone tone = XlsxTone.Plain)
        {
            var row = layout.HeaderRow + 1 + _tones.Count;
            for (var c = 0; c < cells.Length; c++)
            {
                var cell = cells[c];
                switch (cell.Kind)
                {
                    case XlsxCellKind.Text:
                        worksheet.Cells[row, c + 1].Value = cell.TextValue;
                        break;
                    case XlsxCellKind.Number:
                        worksheet.Cells[row, c + 1].Value = cell.NumberValue;
                        break;
                    case XlsxCellKind.Date:
                        worksheet.Cells[row, c + 1].Value = XlsxText.DateSerial(cell.DateValue);
                        break;
                }
            }
            _widths.Measure(cells);
            _tones.Add(tone);
        }

        public void Complete()
        {
            var columns = layout.Columns.Count;
            var row = 1;
            foreach (var (text, look) in new[] { (layout.Title, XlsxStyles.Title), (layout.Issuer, XlsxStyles.Issuer), (layout.Subtitle, XlsxStyles.Subtitle) })
            {
                if (text is null)
                {
                    continue;
                }
                worksheet.Cells[row, 1].Value = text;
                var line = worksheet.Cells[row, 1, row, columns];
                line.Merge = true;
                Apply(line.Style, look);
                row++;
            }
            worksheet.Row(1).Height = 30;
            var header = layout.HeaderRow;
            for (var c = 0; c < columns; c++)
            {
                worksheet.Cells[header, c + 1].Value = layout.Columns[c].Header;
            }
            Apply(worksheet.Cells[header, 1, header, columns].Style, XlsxStyles.Header);

            var lastRow = header + _tones.Count;
            if (_tones.Count > 0)
            {
                for (var c = 0; c < columns; c++)
                {
                    Apply(worksheet.Cells[header + 1, c + 1, lastRow, c + 1].Style, XlsxStyles.Body(layout.Columns[c].Style, XlsxTone.Plain));
                }
                for (var i = 0; i < _tones.Count; i++)
                {
                    if (_tones[i] != XlsxTone.Plain)
                    {
                        for (var c = 0; c < columns; c++)
                        {
                            Apply(worksheet.Cells[header + 1 + i, c + 1].Style, XlsxStyles.Body(layout.Columns[c].Style, _tones[i]));
                        }
                    }
                }
            }
            var widths = _widths.Final();
            for (var c = 0; c < columns; c++)
            {
                worksheet.Column(c + 1).Width = widths[c];
            }
            worksheet.View.FreezePanes(header + 1, 1);
            worksheet.Cells[header, 1, Math.Max(header, lastRow), columns].AutoFilter = true;

            var print = worksheet.PrinterSettings;
            print.PaperSize = ePaperSize.A4;
            print.Orientation = eOrientation.Landscape;
            print.LeftMargin = print.RightMargin = 0.5m;
            print.TopMargin = print.BottomMargin = 0.6m;
            print.HeaderMargin = print.FooterMargin = 0.3m;
            if (layout.FitToPageWidth)
            {
                print.FitToPage = true;
                print.FitToWidth = 1;
                print.FitToHeight = 0;
            }
            print.RepeatRows = worksheet.Cells[string.Create(CultureInfo.InvariantCulture, $"{header}:{header}")];
            worksheet.HeaderFooter.OddFooter.CenteredText = XlsxStyles.PageFooter[2..];
        }

        private static void Apply(ExcelStyle style, XlsxLook look)
        {
            style.Font.Name = XlsxStyles.FontName;
            style.Font.Size = (float)look.FontSize;
            style.Font.Bold = look.Bold;
            if (look.NumberFormat is { } format)
            {
                style.Numberformat.Format = format;
            }
            style.HorizontalAlignment = look.Align switch
            {
                XlsxAlign.Left => ExcelHorizontalAlignment.Left,
                XlsxAlign.Center => ExcelHorizontalAlignment.Center,
                XlsxAlign.Right => ExcelHorizontalAlignment.Right,
                _ => ExcelHorizontalAlignment.General,
            };
            style.VerticalAlignment = look.Top ? ExcelVerticalAlignment.Top : ExcelVerticalAlignment.Center;
            style.WrapText = look.Wrap;
            if (look.Border)
            {
                style.Border.Top.Style = style.Border.Bottom.Style = style.Border.Left.Style = style.Border.Right.Style = ExcelBorderStyle.Thin;
            }
            if (look.FillArgb is { } argb)
            {
                style.Fill.PatternType = ExcelFillStyle.Solid;
                style.Fill.BackgroundColor.SetColor(Color.FromArgb(int.Parse(argb, NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
            }
        }
    }
}
