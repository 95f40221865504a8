using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Investment.Api.Excel;

/// <summary>What a cell holds once read; a formula is read by its cached value.</summary>
public enum SheetCellKind
{
    Empty,
    Number,
    Text,
    Boolean,
    Date,

    /// <summary>A formula whose cached value is an error such as #DIV/0! or #REF!.</summary>
    Error,

    /// <summary>A formula saved without a cached value (e.g. written by a program that does not calculate).</summary>
    FormulaWithoutValue,
}

/// <summary>One cell: 1-based row and column, its kind, and its text (a number in invariant notation as stored).</summary>
public readonly record struct SheetCell(int Row, int Column, SheetCellKind Kind, string? Text)
{
    public bool IsBlank => Kind == SheetCellKind.Empty || (Kind == SheetCellKind.Text && string.IsNullOrWhiteSpace(Text));
}

/// <summary>The non-empty cells of one worksheet row.</summary>
public sealed record SheetRow(int Number, IReadOnlyDictionary<int, SheetCell> Cells)
{
    public SheetCell Cell(int column) => Cells.TryGetValue(column, out var cell) ? cell : new SheetCell(Number, column, SheetCellKind.Empty, null);

    public bool IsBlank => Cells.Values.All(c => c.IsBlank);
}

/// <summary>
/// Reads cells out of an xlsx that <see cref="Features.Imports.UploadInspector"/> has already accepted, with the Open XML SDK: the
/// worksheets and the shared strings are streamed with the SAX <see cref="OpenXmlReader"/>, never loaded as a DOM,
/// and each part is capped in characters. The SDK rather than ExcelDataReader because it tells a formula without a
/// cached value from an empty cell, shows the stored cell type (text vs number) instead of a converted value, needs
/// no code-page registration, and is the library the template is written with.
/// </summary>
public sealed partial class XlsxSheetReader : IDisposable
{
    private readonly SpreadsheetDocument _document;
    private List<string>? _sharedStrings;

    private XlsxSheetReader(SpreadsheetDocument document) => _document = document;

    /// <summary>Opens the workbook read-only; throws <see cref="UnreadableWorkbookException"/> when the SDK cannot.</summary>
    public static XlsxSheetReader Open(Stream seekable, long maxCharactersInPart)
    {
        try
        {
            var document = SpreadsheetDocument.Open(seekable, false, new OpenSettings
            {
                MaxCharactersInPart = maxCharactersInPart,
                AutoSave = false,
            });
            _ = document.WorkbookPart?.Workbook;
            return new XlsxSheetReader(document);
        }
        catch (Exception e) when (IsUnreadable(e))
        {
            throw new UnreadableWorkbookException(e);
        }
    }

    /// <summary>The sheet names in workbook order.</summary>
    public IReadOnlyList<string> SheetNames =>
        Wrap(() => _document.WorkbookPart?.Workbook.Sheets?.Elements<Sheet>().Select(s => s.Name?.Value ?? "").ToList() ?? []);

    public bool HasSheet(string name) => SheetNames.Contains(name, StringComparer.Ordinal);

    /// <summary>The rows of the named sheet, streamed, skipping rows without any cell.</summary>
    public IEnumerable<SheetRow> Rows(string sheetName)
    {
        var part = Wrap(() => WorksheetOf(sheetName)) ?? throw new InvalidOperationException($"No sheet named {sheetName}.");
        return Guarded(ReadRows(part));
    }

    public void Dispose() => _document.Dispose();

    private WorksheetPart? WorksheetOf(string sheetName)
    {
        var workbook = _document.WorkbookPart;
        var sheet = workbook?.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault(s => s.Name?.Value == sheetName);
        return sheet?.Id?.Value is { } id && workbook!.TryGetPartById(id, out var part) ? part as WorksheetPart : null;
    }

    private IEnumerable<SheetRow> ReadRows(WorksheetPart part)
    {
        using var reader = OpenXmlReader.Create(part);
        var cells = new Dictionary<int, SheetCell>();
        var rowNumber = 0;
        var pending = new PendingCell();
        var inInlineString = false;
        var inPhonetic = false;
        while (reader.Read())
        {
            var type = reader.ElementType;
            if (type == typeof(Row))
            {
                Flush(pending, rowNumber, cells);
                if (reader.IsStartElement)
                {
                    if (cells.Count > 0)
                    {
                        yield return new SheetRow(rowNumber, cells);
                        cells = [];
                    }
                    var r = Attribute(reader, "r");
                    rowNumber = r is not null && int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                        ? n : rowNumber + 1;
                    pending.Column = 0;
                }
            }
            else if (type == typeof(Cell))
            {
                if (reader.IsStartElement)
                {
                    var previous = pending.Column;
                    Flush(pending, rowNumber, cells);
                    pending.Start(ColumnOf(Attribute(reader, "r")) ?? previous + 1, Attribute(reader, "t"));
                }
                else
                {
                    Flush(pending, rowNumber, cells);
                }
            }
            else if (!pending.Open)
            {
                continue;
            }
            else if (type == typeof(CellFormula) && reader.IsStartElement)
            {
                pending.HasFormula = true;
            }
            else if (type == typeof(CellValue) && reader.IsStartElement)
            {
                pending.Value = reader.GetText();
            }
            else if (type == typeof(InlineString))
            {
                inInlineString = reader.IsStartElement;
            }
            else if (type == typeof(PhoneticRun))
            {
                inPhonetic = reader.IsStartElement;
            }
            else if (type == typeof(Text) && reader.IsStartElement && inInlineString && !inPhonetic)
            {
                pending.Inline.Append(reader.GetText());
                pending.Value ??= "";
            }
        }
        Flush(pending, rowNumber, cells);
        if (cells.Count > 0)
        {
            yield return new SheetRow(rowNumber, cells);
        }
    }

    private void Flush(PendingCell pending, int row, Dictionary<int, SheetCell> cells)
    {
        if (!pending.Open)
        {
            return;
        }
        pending.Open = false;
        var cell = ToCell(pending, row);
        if (cell.Kind != SheetCellKind.Empty && pending.Column is > 0 and <= 16384)
        {
            cells[pending.Column] = cell;
        }
    }

    private SheetCell ToCell(PendingCell p, int row)
    {
        if (p.Value is null)
        {
            return new SheetCell(row, p.Column, p.HasFormula ? SheetCellKind.FormulaWithoutValue : SheetCellKind.Empty, null);
        }
        switch (p.Type)
        {
            case "s":
                var strings = SharedStrings();
                return int.TryParse(p.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                       && index < strings.Count
                    ? Text(row, p.Column, strings[index])
                    : new SheetCell(row, p.Column, SheetCellKind.Error, "#shared-string?");
            case "inlineStr":
                return Text(row, p.Column, p.Inline.ToString());
            case "str":
                return Text(row, p.Column, p.Value);
            case "b":
                return new SheetCell(row, p.Column, SheetCellKind.Boolean, p.Value);
            case "e":
                return new SheetCell(row, p.Column, SheetCellKind.Error, p.Value);
            case "d":
                return new SheetCell(row, p.Column, SheetCellKind.Date, p.Value);
            default:
                return p.Value.Length == 0
                    ? new SheetCell(row, p.Column, p.HasFormula ? SheetCellKind.FormulaWithoutValue : SheetCellKind.Empty, null)
                    : new SheetCell(row, p.Column, SheetCellKind.Number, p.Value.Trim());
        }
    }

    private static SheetCell Text(int row, int column, string text)
    {
        text = Unescape(text);
        return new(row, column, text.Length == 0 ? SheetCellKind.Empty : SheetCellKind.Text, text.Length == 0 ? null : text);
    }

    /// <summary>
    /// Decodes Excel's <c>_xHHHH_</c> escapes (how it stores a carriage return or another character XML cannot carry,
    /// and, as <c>_x005F_</c>, a literal underscore that would otherwise start one): the inverse of XlsxText.Escape.
    /// </summary>
    internal static string Unescape(string text) =>
        text.Contains("_x", StringComparison.Ordinal)
            ? EscapedCharacter().Replace(text, m => ((char)int.Parse(m.Groups[1].ValueSpan, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString())
            : text;

    private List<string> SharedStrings()
    {
        if (_sharedStrings is not null)
        {
            return _sharedStrings;
        }
        _sharedStrings = [];
        var part = _document.WorkbookPart?.SharedStringTablePart;
        if (part is null)
        {
            return _sharedStrings;
        }
        using var reader = OpenXmlReader.Create(part);
        StringBuilder? item = null;
        var inPhonetic = false;
        while (reader.Read())
        {
            var type = reader.ElementType;
            if (type == typeof(SharedStringItem))
            {
                if (reader.IsStartElement)
                {
                    item = new StringBuilder();
                }
                else if (item is not null)
                {
                    _sharedStrings.Add(item.ToString());
                    item = null;
                }
            }
            else if (type == typeof(PhoneticRun))
            {
                inPhonetic = reader.IsStartElement;
            }
            else if (type == typeof(Text) && reader.IsStartElement && item is not null && !inPhonetic)
            {
                item.Append(reader.GetText());
            }
        }
        return _sharedStrings;
    }

    private static string? Attribute(OpenXmlReader reader, string localName) =>
        reader.Attributes.FirstOrDefault(a => a.LocalName == localName && string.IsNullOrEmpty(a.NamespaceUri)).Value;

    /// <summary>"G12" → 7; null when the reference is absent or malformed.</summary>
    internal static int? ColumnOf(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }
        var column = 0;
        foreach (var c in reference)
        {
            if (c is >= 'A' and <= 'Z')
            {
                column = (column * 26) + (c - 'A' + 1);
                if (column > 16384)
                {
                    return null;
                }
            }
            else
            {
                break;
            }
        }
        return column == 0 ? null : column;
    }

    private static IEnumerable<SheetRow> Guarded(IEnumerable<SheetRow> rows)
    {
        using var enumerator = rows.GetEnumerator();
        while (true)
        {
            SheetRow row;
            try
            {
                if (!enumerator.MoveNext())
                {
                    yield break;
                }
                row = enumerator.Current;
            }
            catch (Exception e) when (IsUnreadable(e))
            {
                throw new UnreadableWorkbookException(e);
            }
            yield return row;
        }
    }

    private static T Wrap<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (IsUnreadable(e))
        {
            throw new UnreadableWorkbookException(e);
        }
    }

    private static bool IsUnreadable(Exception e) =>
        e is OpenXmlPackageException or System.Xml.XmlException or InvalidDataException or FileFormatException
            or InvalidOperationException or NotSupportedException or IOException or ArgumentException;

    [GeneratedRegex("_x([0-9A-Fa-f]{4})_")]
    private static partial Regex EscapedCharacter();

    private sealed class PendingCell
    {
        public bool Open;
        public int Column;
        public string? Type;
        public bool HasFormula;
        public string? Value;
        public readonly StringBuilder Inline = new();

        public void Start(int column, string? type)
        {
            Open = true;
            Column = column;
            Type = type;
            HasFormula = false;
            Value = null;
            Inline.Clear();
        }
    }
}

/// <summary>The SDK could not read the workbook: damaged XML, a part over the size cap, a broken package.</summary>
public sealed class UnreadableWorkbookException(Exception inner) : Exception("The workbook cannot be read.", inner);
