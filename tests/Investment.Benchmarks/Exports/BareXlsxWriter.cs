using System.Globalization;
using System.IO.Compression;
using System.IO.Packaging;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Investment.Benchmarks.Exports;

/// <summary>
/// The baseline: a bare <see cref="OpenXmlWriter"/> loop writing the same cells — title, unit line, header and body
/// values as inline strings and numbers — with a minimal stylesheet and nothing else (no styles per cell, widths,
/// frozen panes, merges, filter or print setup). Two packagings:
/// <list type="bullet">
/// <item><see cref="WriteWithSpreadsheetDocument"/>: the SDK's own <c>SpreadsheetDocument.Create</c>, how most code
/// writes a workbook;</item>
/// <item><see cref="WriteWithWriteOnlyPackage"/>: the parts written straight into a write-only
/// System.IO.Packaging package, the packaging our XlsxWriter uses; the strictest baseline for our writer.</item>
/// </list>
/// Elements are reused across cells (the writer copies names and values out), so the loop allocates little but text.
/// </summary>
internal static class BareXlsxWriter
{
    private const string RelationshipBase = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
    private const string ContentTypeBase = "application/vnd.openxmlformats-officedocument.spreadsheetml.";

    public static void WriteWithSpreadsheetDocument<T>(Stream stream, SheetContent<T> content)
    {
        using var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook);
        var workbookPart = document.AddWorkbookPart();
        var stylesPart = workbookPart.AddNewPart<WorkbookStylesPart>();
        stylesPart.Stylesheet = MinimalStylesheet();
        stylesPart.Stylesheet.Save();
        var sheetPart = workbookPart.AddNewPart<WorksheetPart>();
        using (var writer = OpenXmlWriter.Create(sheetPart))
        {
            WriteWorksheet(writer, content);
        }
        workbookPart.Workbook = new Workbook(new Sheets(new Sheet { Name = content.Name, SheetId = 1, Id = workbookPart.GetIdOfPart(sheetPart) }));
        workbookPart.Workbook.Save();
    }

    public static void WriteWithWriteOnlyPackage<T>(Stream stream, SheetContent<T> content)
    {
        using var package = Package.Open(stream, FileMode.Create, FileAccess.Write);
        // A write-only package streams each part once, in creation order: styles, the sheet, then the workbook.
        using (var styles = CreatePart(package, "/xl/styles.xml", "styles+xml").GetStream(FileMode.Create, FileAccess.Write))
        {
            MinimalStylesheet().Save(styles);
        }
        using (var sheet = CreatePart(package, "/xl/worksheets/sheet1.xml", "worksheet+xml").GetStream(FileMode.Create, FileAccess.Write))
        using (var writer = OpenXmlWriter.Create(sheet))
        {
            writer.WriteStartDocument(true);
            WriteWorksheet(writer, content);
        }
        var workbookPart = CreatePart(package, "/xl/workbook.xml", "sheet.main+xml");
        workbookPart.CreateRelationship(new Uri("worksheets/sheet1.xml", UriKind.Relative), TargetMode.Internal, RelationshipBase + "worksheet", "rId1");
        workbookPart.CreateRelationship(new Uri("styles.xml", UriKind.Relative), TargetMode.Internal, RelationshipBase + "styles", "rId2");
        using (var workbook = workbookPart.GetStream(FileMode.Create, FileAccess.Write))
        {
            new Workbook(new Sheets(new Sheet { Name = content.Name, SheetId = 1, Id = "rId1" })).Save(workbook);
        }
        package.CreateRelationship(new Uri("xl/workbook.xml", UriKind.Relative), TargetMode.Internal, RelationshipBase + "officeDocument", "rId1");
    }

    /// <summary>
    /// The parts written as plain zip entries with System.IO.Compression (no packaging library): the content types and
    /// relationships are written by hand. The least machinery a valid xlsx can be written with.
    /// </summary>
    public static void WriteWithZipArchive<T>(Stream stream, SheetContent<T> content)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        using (var styles = zip.CreateEntry("xl/styles.xml", CompressionLevel.Optimal).Open())
        {
            MinimalStylesheet().Save(styles);
        }
        using (var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Optimal).Open())
        using (var writer = OpenXmlWriter.Create(sheet))
        {
            writer.WriteStartDocument(true);
            WriteWorksheet(writer, content);
        }
        using (var workbook = zip.CreateEntry("xl/workbook.xml", CompressionLevel.Optimal).Open())
        {
            new Workbook(new Sheets(new Sheet { Name = content.Name, SheetId = 1, Id = "rId1" })).Save(workbook);
        }
        WriteText(zip, "xl/_rels/workbook.xml.rels", $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{RelationshipBase}worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{RelationshipBase}styles" Target="styles.xml"/></Relationships>
            """);
        WriteText(zip, "_rels/.rels", $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{RelationshipBase}officeDocument" Target="xl/workbook.xml"/></Relationships>
            """);
        WriteText(zip, "[Content_Types].xml", $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="{ContentTypeBase}sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="{ContentTypeBase}worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="{ContentTypeBase}styles+xml"/></Types>
            """);
    }

    private static void WriteText(ZipArchive zip, string name, string text)
    {
        using var entry = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
        entry.Write(System.Text.Encoding.UTF8.GetBytes(text));
    }

    private static PackagePart CreatePart(Package package, string uri, string contentType) =>
        package.CreatePart(new Uri(uri, UriKind.Relative), ContentTypeBase + contentType, CompressionOption.Normal);

    private static void WriteWorksheet<T>(OpenXmlWriter writer, SheetContent<T> content)
    {
        writer.WriteStartElement(new Worksheet());
        writer.WriteStartElement(new SheetData());
        var sink = new Sink(writer);
        var row = 1;
        sink.StartRow(row++);
        sink.Text(content.Title);
        sink.EndRow();
        sink.StartRow(row++);
        sink.Text(content.Subtitle);
        sink.EndRow();
        sink.StartRow(row++);
        foreach (var header in content.Headers)
        {
            sink.Text(header);
        }
        sink.EndRow();
        foreach (var item in content.Rows)
        {
            sink.StartRow(row++);
            content.Cells(item, sink);
            sink.EndRow();
        }
        writer.WriteEndElement(); // sheetData
        writer.WriteEndElement(); // worksheet
    }

    /// <summary>One font, the two fills Excel requires, one border, one cell format.</summary>
    private static Stylesheet MinimalStylesheet() => new(
        new Fonts(new Font()) { Count = 1 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellStyleFormats(new CellFormat()) { Count = 1 },
        new CellFormats(new CellFormat()) { Count = 1 });

    private sealed class Sink(OpenXmlWriter writer) : ICellSink
    {
        private static readonly OpenXmlAttribute[] InlineString = [new("t", "", "inlineStr")];
        private readonly Row _row = new();
        private readonly Cell _cell = new();
        private readonly CellValue _value = new();
        private readonly InlineString _inline = new();
        private readonly Text _text = new();
        private readonly OpenXmlAttribute[] _rowAttributes = new OpenXmlAttribute[1];

        public void StartRow(int row)
        {
            _rowAttributes[0] = new OpenXmlAttribute("r", "", row.ToString(CultureInfo.InvariantCulture));
            writer.WriteStartElement(_row, _rowAttributes);
        }

        public void EndRow() => writer.WriteEndElement();

        // Cells carry no reference: every row writes every column, so position gives the column (empty cells included).
        public void Text(string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                writer.WriteStartElement(_cell);
                writer.WriteEndElement();
                return;
            }
            writer.WriteStartElement(_cell, InlineString);
            writer.WriteStartElement(_inline);
            writer.WriteStartElement(_text);
            writer.WriteString(value);
            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        public void Number(decimal? value)
        {
            writer.WriteStartElement(_cell);
            if (value is { } v)
            {
                writer.WriteStartElement(_value);
                writer.WriteString(v.ToString(CultureInfo.InvariantCulture));
                writer.WriteEndElement();
            }
            writer.WriteEndElement();
        }
    }
}
