using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Investment.Api.Tests.Excel;

/// <summary>Opens a written workbook with the Open XML SDK (DOM, fine for test-sized sheets) and answers questions about it.</summary>
public sealed class XlsxReadBack : IDisposable
{
    private readonly SpreadsheetDocument _document;
    private readonly Stylesheet _stylesheet;

    public XlsxReadBack(Stream stream)
    {
        stream.Position = 0;
        _document = SpreadsheetDocument.Open(stream, false);
        _stylesheet = _document.WorkbookPart!.WorkbookStylesPart!.Stylesheet;
    }

    public static XlsxReadBack Of(byte[] bytes) => new(new MemoryStream(bytes));

    public IReadOnlyList<string> SheetNames =>
        _document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value!).ToList();

    public Worksheet Sheet(int index = 0)
    {
        var sheet = _document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().ElementAt(index);
        return ((WorksheetPart)_document.WorkbookPart.GetPartById(sheet.Id!)).Worksheet;
    }

    public Cell? Cell(string reference, int sheet = 0) => Cells(sheet).GetValueOrDefault(reference);

    /// <summary>The text of a workbook's defined name (e.g. _xlnm.Print_Titles), or null.</summary>
    public string? DefinedName(string name) =>
        _document.WorkbookPart!.Workbook.DefinedNames?.Elements<DefinedName>().FirstOrDefault(d => d.Name?.Value == name)?.Text;

    /// <summary>
    /// Every cell by its A1 reference. The writer leaves out cell references (a cell's column is its position in the
    /// row), so they are worked out the way Excel does: a cell's own reference if it has one, else the next column.
    /// </summary>
    public Dictionary<string, Cell> Cells(int sheet = 0)
    {
        var cells = new Dictionary<string, Cell>(StringComparer.Ordinal);
        uint rowIndex = 0;
        foreach (var row in Sheet(sheet).Descendants<Row>())
        {
            rowIndex = row.RowIndex?.Value ?? rowIndex + 1;
            var column = 0;
            foreach (var cell in row.Elements<Cell>())
            {
                if (cell.CellReference?.Value is { } own)
                {
                    var letters = new string(own.TakeWhile(char.IsAsciiLetter).ToArray());
                    column = letters.Aggregate(0, (n, c) => (n * 26) + (c - 'A' + 1)) - 1;
                }
                cells[ColumnName(column) + rowIndex.ToString(CultureInfo.InvariantCulture)] = cell;
                column++;
            }
        }
        return cells;
    }

    public static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }
        return name;
    }

    /// <summary>The text of a string cell (inline or shared), or the raw value of a number cell.</summary>
    public string? Text(string reference, int sheet = 0) => ValueOf(Cell(reference, sheet));

    /// <summary>Whether a cell holds a string (inline, as the streaming writer writes, or shared, as ClosedXML does).</summary>
    public bool IsString(string reference, int sheet = 0) =>
        Cell(reference, sheet)?.DataType?.Value is { } type && (type == CellValues.InlineString || type == CellValues.SharedString);

    private string? ValueOf(Cell? cell)
    {
        if (cell is null)
        {
            return null;
        }
        if (cell.DataType?.Value == CellValues.InlineString)
        {
            return cell.InlineString?.Text?.Text ?? string.Concat(cell.InlineString?.Elements<Run>().Select(r => r.Text?.Text) ?? []);
        }
        if (cell.DataType?.Value == CellValues.SharedString && cell.CellValue?.Text is { } index)
        {
            var item = _document.WorkbookPart!.SharedStringTablePart!.SharedStringTable.Elements<SharedStringItem>()
                .ElementAt(int.Parse(index, CultureInfo.InvariantCulture));
            return item.Text?.Text ?? string.Concat(item.Elements<Run>().Select(r => r.Text?.Text));
        }
        return cell.CellValue?.Text;
    }

    public decimal? Number(string reference, int sheet = 0)
    {
        var cell = Cell(reference, sheet);
        // An empty cell (ClosedXML types a styled empty cell as a string) has no number: null, whatever its type says.
        Assert.True(cell?.CellValue is null || cell.DataType is null || cell.DataType.Value == CellValues.Number, $"{reference} is not a number cell");
        return cell?.CellValue?.Text is { } text ? decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) : null;
    }

    public CellFormat Format(string reference, int sheet = 0)
    {
        var styleIndex = Cell(reference, sheet)?.StyleIndex?.Value ?? 0;
        return _stylesheet.CellFormats!.Elements<CellFormat>().ElementAt((int)styleIndex);
    }

    /// <summary>The number-format code of a cell's style, looked up in the stylesheet's numFmts.</summary>
    public string? NumberFormat(string reference, int sheet = 0)
    {
        var id = Format(reference, sheet).NumberFormatId?.Value ?? 0;
        return _stylesheet.NumberingFormats?.Elements<NumberingFormat>().SingleOrDefault(f => f.NumberFormatId?.Value == id)?.FormatCode?.Value
               ?? (id == 0 ? "General" : $"builtin {id}");
    }

    /// <summary>The ARGB of the solid fill of a cell's style, or null when it has none.</summary>
    public string? FillArgb(string reference, int sheet = 0)
    {
        var fillId = Format(reference, sheet).FillId?.Value ?? 0;
        var pattern = _stylesheet.Fills!.Elements<Fill>().ElementAt((int)fillId).PatternFill;
        return pattern?.PatternType?.Value == PatternValues.Solid ? pattern.ForegroundColor?.Rgb?.Value : null;
    }

    public bool IsBold(string reference, int sheet = 0)
    {
        var fontId = Format(reference, sheet).FontId?.Value ?? 0;
        return _stylesheet.Fonts!.Elements<Font>().ElementAt((int)fontId).Bold is not null;
    }

    public IReadOnlyList<string> MergedRanges(int sheet = 0) =>
        Sheet(sheet).Elements<MergeCells>().SelectMany(m => m.Elements<MergeCell>()).Select(m => m.Reference!.Value!).ToList();

    public string? AutoFilter(int sheet = 0) => Sheet(sheet).Elements<AutoFilter>().SingleOrDefault()?.Reference?.Value;

    public Pane? Pane(int sheet = 0) => Sheet(sheet).Descendants<Pane>().SingleOrDefault();

    public double? ColumnWidth(int column, int sheet = 0) =>
        Sheet(sheet).Descendants<Column>().SingleOrDefault(c => c.Min!.Value <= column + 1 && c.Max!.Value >= column + 1)?.Width?.Value;

    public IReadOnlyList<Row> Rows(int sheet = 0) => Sheet(sheet).Descendants<Row>().ToList();

    /// <summary>Every row from <paramref name="firstRow"/> on, as the cells' texts by column (null where there is no value).</summary>
    public IReadOnlyList<string?[]> Values(int firstRow, int sheet = 0)
    {
        var width = (int)Sheet(sheet).Descendants<Column>().Max(c => c.Max!.Value);
        var cells = Cells(sheet);
        var lastRow = Rows(sheet).Max(r => (int)r.RowIndex!.Value);
        return Enumerable.Range(firstRow, Math.Max(0, lastRow - firstRow + 1))
            .Select(row => Enumerable.Range(0, width)
                .Select(column => ValueOf(cells.GetValueOrDefault(ColumnName(column) + row.ToString(CultureInfo.InvariantCulture))))
                .ToArray())
            .ToList();
    }

    /// <summary>
    /// Counts the row start tags of a sheet by scanning the inflated part for "&lt;x:row " (the SDK's prefix) or
    /// "&lt;row ": for sheets too big to parse in a test's time budget.
    /// </summary>
    public int CountRowsStreaming(int sheet = 0)
    {
        var s = _document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().ElementAt(sheet);
        using var part = _document.WorkbookPart.GetPartById(s.Id!).GetStream(FileMode.Open, FileAccess.Read);
        ReadOnlySpan<byte> prefixed = "<x:row "u8, plain = "<row "u8;
        var buffer = new byte[1 << 20];
        int rows = 0, carried = 0, read;
        while ((read = part.Read(buffer, carried, buffer.Length - carried)) > 0)
        {
            var window = buffer.AsSpan(0, carried + read);
            for (var at = 0; ;)
            {
                var next = window[at..].IndexOf((byte)'<');
                if (next < 0)
                {
                    break;
                }
                at += next;
                var rest = window[at..];
                if (rest.Length < prefixed.Length)
                {
                    break; // may be cut: look again with the next chunk
                }
                if (rest.StartsWith(prefixed) || rest.StartsWith(plain))
                {
                    rows++;
                }
                at++;
            }
            // Keep the last few bytes, which may hold the start of a tag cut by the chunk boundary.
            carried = Math.Min(prefixed.Length - 1, window.Length);
            var tail = window[^carried..];
            var lt = tail.LastIndexOf((byte)'<');
            carried = lt < 0 ? 0 : carried - lt;
            window[^carried..].CopyTo(buffer);
        }
        return rows;
    }

    /// <summary>What the SDK's schema validator finds wrong with the workbook (element order, attributes, types).</summary>
    public IReadOnlyList<string> ValidationErrors() =>
        new DocumentFormat.OpenXml.Validation.OpenXmlValidator(DocumentFormat.OpenXml.FileFormatVersions.Office2016)
            .Validate(_document)
            .Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}")
            .ToList();

    public void Dispose() => _document.Dispose();
}
