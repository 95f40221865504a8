using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Investment.Api.Features.Imports;
using Investment.Api.Tests.Infrastructure;

namespace Investment.Api.Tests.Features.Imports;

/// <summary>What a test writes into a cell: a number, text, or a formula with or without a cached value.</summary>
internal abstract record CellSpec
{
    public static CellSpec Number(decimal value) => new NumberSpec(value);

    public static CellSpec Text(string value) => new TextSpec(value);

    /// <summary>A formula; <paramref name="cached"/> null means saved without a cached value.</summary>
    public static CellSpec Formula(string formula, decimal? cached) => new FormulaSpec(formula, cached);

    public static CellSpec Empty { get; } = new EmptySpec();
}

internal sealed record NumberSpec(decimal Value) : CellSpec;

internal sealed record TextSpec(string Value) : CellSpec;

internal sealed record FormulaSpec(string Expression, decimal? Cached) : CellSpec;

internal sealed record EmptySpec : CellSpec;

/// <summary>Builds and edits xlsx files with the Open XML SDK, and uploads them, for the import tests.</summary>
internal static class ImportFiles
{
    public const string Zhuji = "330681";
    public const string Wenling = "331081";
    public const string Period = "2023-12";

    public static string TemplateUrl(string region = Zhuji, string period = Period) =>
        $"/api/v1/imports/monthly-reports/template?regionCode={region}&period={period}";

    public static string UploadUrl(string region = Zhuji, string period = Period) =>
        $"/api/v1/imports/monthly-reports?regionCode={region}&period={period}";

    public static async Task<byte[]> TemplateAsync(this ApiFixture api, string region = Zhuji, string period = Period)
    {
        var response = await api.Client.GetAsync(TemplateUrl(region, period));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>
    /// Uploads as the web app does, which always sends Accept-Language: zh-CN, so the messages are the Chinese ones the
    /// clerk reads; <paramref name="language"/> "en" (or null, no header) gets the English ones.
    /// </summary>
    public static Task<HttpResponseMessage> UploadAsync(
        this ApiFixture api, byte[] file, string region = Zhuji, string period = Period, string fileName = "月报.xlsx",
        string? language = "zh-CN")
    {
        var content = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue(MonthlyReportTemplateWriter.ContentType);
        content.Add(part, "file", fileName);
        var request = new HttpRequestMessage(HttpMethod.Post, UploadUrl(region, period)) { Content = content };
        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }
        return api.Client.SendAsync(request);
    }

    /// <summary>
    /// A new project in <paramref name="region"/> with one section reporting from 2023-01 and a 2023 plan, all through
    /// the API, so the template lists it. Returns the section id.
    /// </summary>
    public static async Task<long> NewPlannedSectionAsync(this ApiFixture api, string code, string region = Zhuji, bool plan = true)
    {
        var created = await (await api.Client.PostJsonAsync("/api/v1/projects", new
        {
            code, name = $"导入测试{code}", mode = "trunk_highway", regionCode = region, totalInvestment = 100000m,
            sections = new[] { new { regionCode = region, apportionedInvestment = 100000m, activeFrom = "2023-01-01" } },
        })).ReadAsync<JsonElement>(HttpStatusCode.Created);
        var sectionId = created.GetProperty("sections")[0].GetProperty("id").GetInt64();
        if (plan)
        {
            var put = await api.Client.PutAsJsonAsync($"/api/v1/sections/{sectionId}/plans/2023", new { plannedInvestment = 12000m }, HttpAssertions.Json);
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }
        return sectionId;
    }

    /// <summary>Opens a copy of <paramref name="xlsx"/>, lets <paramref name="edit"/> change it, and returns the saved bytes.</summary>
    public static byte[] Edit(byte[] xlsx, Action<SheetEditor> edit)
    {
        using var stream = new MemoryStream();
        stream.Write(xlsx);
        using (var document = SpreadsheetDocument.Open(stream, true))
        {
            edit(new SheetEditor(document));
            document.Save();
        }
        return stream.ToArray();
    }

    /// <summary>Sets the fill-in cells of the row holding <paramref name="sectionId"/>.</summary>
    public static byte[] Fill(byte[] xlsx, long sectionId, decimal? monthActual, decimal? progress = null, string? narrative = null,
        string? problems = null, string? reason = null, string? submit = null) =>
        Edit(xlsx, sheet =>
        {
            var row = sheet.RowOf(sectionId);
            sheet.Set(row, "G", monthActual is { } a ? CellSpec.Number(a) : CellSpec.Empty);
            sheet.Set(row, "H", progress is { } p ? CellSpec.Number(p) : CellSpec.Empty);
            sheet.Set(row, "I", reason is null ? CellSpec.Empty : CellSpec.Text(reason));
            sheet.Set(row, "J", narrative is null ? CellSpec.Empty : CellSpec.Text(narrative));
            sheet.Set(row, "K", problems is null ? CellSpec.Empty : CellSpec.Text(problems));
            if (submit is not null)
            {
                sheet.Set(row, "L", CellSpec.Text(submit));
            }
        });

    /// <summary>Reads one cell of the data sheet as text (shared or inline string, or the stored number).</summary>
    public static string? CellText(byte[] xlsx, string reference, string sheetName = MonthlyReportSheet.SheetName)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var part = WorksheetOf(document, sheetName);
        var cell = part.Worksheet.Descendants<Cell>().FirstOrDefault(c => c.CellReference?.Value == reference);
        if (cell is null)
        {
            return null;
        }
        if (cell.DataType?.Value == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText;
        }
        // ClosedXML writes an empty cell as t="s" without a value.
        if (cell.DataType?.Value == CellValues.SharedString && cell.CellValue is not null)
        {
            var index = int.Parse(cell.CellValue!.Text, CultureInfo.InvariantCulture);
            return document.WorkbookPart!.SharedStringTablePart!.SharedStringTable.Elements<SharedStringItem>().ElementAt(index).InnerText;
        }
        return cell.CellValue?.Text;
    }

    public static WorksheetPart WorksheetOf(SpreadsheetDocument document, string sheetName)
    {
        var workbook = document.WorkbookPart!;
        var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name?.Value == sheetName);
        return (WorksheetPart)workbook.GetPartById(sheet.Id!.Value!);
    }

    /// <summary>Replaces (or adds) one zip entry of an xlsx.</summary>
    public static byte[] WithEntry(byte[] xlsx, string name, byte[] content, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var stream = new MemoryStream();
        stream.Write(xlsx);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry(name)?.Delete();
            var entry = zip.CreateEntry(name, level);
            using var target = entry.Open();
            target.Write(content);
        }
        return stream.ToArray();
    }

    public static string EntryText(byte[] xlsx, string name)
    {
        using var zip = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read);
        using var reader = new StreamReader(zip.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }

    /// <summary>An xlsx with one extra entry of <paramref name="bytes"/> zeros, compressed as hard as deflate can.</summary>
    public static byte[] WithZeros(byte[] xlsx, string name, long bytes)
    {
        using var stream = new MemoryStream();
        stream.Write(xlsx);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.CreateEntry(name, CompressionLevel.SmallestSize);
            using var target = entry.Open();
            var zeros = new byte[1024 * 1024];
            for (long written = 0; written < bytes; written += zeros.Length)
            {
                target.Write(zeros, 0, (int)Math.Min(zeros.Length, bytes - written));
            }
        }
        return stream.ToArray();
    }

    /// <summary>
    /// A minimal OLE compound file (one FAT sector, one directory sector) whose root storage holds streams of the
    /// given names: "EncryptionInfo" + "EncryptedPackage" is how Office stores a password-protected xlsx, "Workbook"
    /// a legacy .xls.
    /// </summary>
    public static byte[] CompoundFile(params string[] streamNames)
    {
        const int sector = 512;
        var file = new byte[sector * 3];
        var header = file.AsSpan(0, sector);
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x18..], 0x3E); // minor version
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x1A..], 3); // major version 3: 512-byte sectors
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x1C..], 0xFFFE); // byte order
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x1E..], 9); // sector shift
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x20..], 6); // mini sector shift
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x2C..], 1); // FAT sectors
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x30..], 1); // first directory sector
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x38..], 4096); // mini stream cutoff
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x3C..], 0xFFFFFFFE); // no mini FAT
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x44..], 0xFFFFFFFE); // no DIFAT sectors
        for (var i = 0; i < 109; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header[(0x4C + (i * 4))..], i == 0 ? 0u : 0xFFFFFFFF);
        }
        var fat = file.AsSpan(sector, sector);
        fat.Fill(0xFF);
        BinaryPrimitives.WriteUInt32LittleEndian(fat, 0xFFFFFFFD); // sector 0 is the FAT
        BinaryPrimitives.WriteUInt32LittleEndian(fat[4..], 0xFFFFFFFE); // sector 1 (directory) ends its chain
        var directory = file.AsSpan(sector * 2, sector);
        var names = new[] { "Root Entry" }.Concat(streamNames).Take(4).ToArray();
        for (var i = 0; i < names.Length; i++)
        {
            var entry = directory.Slice(i * 128, 128);
            var name = Encoding.Unicode.GetBytes(names[i]);
            name.CopyTo(entry);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[0x40..], (ushort)(name.Length + 2));
            entry[0x42] = (byte)(i == 0 ? 5 : 2); // root storage, then streams
            BinaryPrimitives.WriteUInt32LittleEndian(entry[0x44..], 0xFFFFFFFF);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[0x48..], 0xFFFFFFFF);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[0x4C..], i == 0 && names.Length > 1 ? 1u : 0xFFFFFFFF);
        }
        return file;
    }

    /// <summary>Asserts a problem and returns its importErrors entries.</summary>
    public static async Task<(JsonElement Problem, List<JsonElement> Errors)> AssertImportProblemAsync(
        this HttpResponseMessage response, HttpStatusCode status, params string[] fields)
    {
        var problem = await response.AssertProblemAsync(status, fields);
        var errors = problem.GetProperty("importErrors").EnumerateArray().ToList();
        return (problem, errors);
    }

    public static JsonElement ErrorOf(this List<JsonElement> errors, string code, int? row = null) =>
        Assert.Single(errors, e => e.GetProperty("code").GetString() == code
                                   && (row is null || (e.GetProperty("row").ValueKind == JsonValueKind.Number && e.GetProperty("row").GetInt32() == row)));
}

/// <summary>Edits the data sheet (and meta sheet) of an open workbook, writing cells in column order as the schema wants.</summary>
internal sealed class SheetEditor(SpreadsheetDocument document)
{
    public SpreadsheetDocument Document => document;

    private SheetData Data(string sheetName = MonthlyReportSheet.SheetName) =>
        ImportFiles.WorksheetOf(document, sheetName).Worksheet.GetFirstChild<SheetData>()!;

    /// <summary>The worksheet row whose column A holds <paramref name="sectionId"/>.</summary>
    public int RowOf(long sectionId)
    {
        var id = sectionId.ToString(CultureInfo.InvariantCulture);
        var row = Data().Elements<Row>().First(r => r.Elements<Cell>().Any(c => c.CellReference?.Value == $"A{r.RowIndex}" && c.CellValue?.Text == id));
        return (int)row.RowIndex!.Value;
    }

    /// <summary>Every data row, in sheet order, with the section id its column A holds.</summary>
    public List<(long SectionId, Row Row)> SectionRows() =>
        Data().Elements<Row>()
            .Select(r => (Row: r, Id: r.Elements<Cell>().FirstOrDefault(c => c.CellReference?.Value == $"A{r.RowIndex}")))
            // Header cells are strings (shared or inline); a section id is a plain number.
            .Where(x => x.Id?.CellValue is not null && (x.Id.DataType is null || x.Id.DataType.Value == CellValues.Number))
            .Select(x => (long.Parse(x.Id!.CellValue!.Text, CultureInfo.InvariantCulture), x.Row))
            .ToList();

    public int LastRow => Data().Elements<Row>().Select(r => (int)r.RowIndex!.Value).DefaultIfEmpty(0).Max();

    public void Set(int rowNumber, string column, CellSpec spec, string sheetName = MonthlyReportSheet.SheetName)
    {
        var data = Data(sheetName);
        var row = data.Elements<Row>().FirstOrDefault(r => r.RowIndex?.Value == (uint)rowNumber);
        if (row is null)
        {
            row = new Row { RowIndex = (uint)rowNumber };
            var after = data.Elements<Row>().LastOrDefault(r => r.RowIndex!.Value < rowNumber);
            if (after is null)
            {
                data.PrependChild(row);
            }
            else
            {
                after.InsertAfterSelf(row);
            }
        }
        Set(row, column, spec);
    }

    /// <summary>Sets one cell of a row already found (see <see cref="SectionRows"/>): no search through the sheet.</summary>
    public static void Set(Row row, string column, CellSpec spec)
    {
        var reference = $"{column}{row.RowIndex!.Value}";
        var cell = row.Elements<Cell>().FirstOrDefault(c => c.CellReference?.Value == reference);
        if (cell is null)
        {
            cell = new Cell { CellReference = reference };
            var next = row.Elements<Cell>().FirstOrDefault(c => string.CompareOrdinal(ColumnOf(c.CellReference!.Value!), column) > 0
                                                                && ColumnOf(c.CellReference!.Value!).Length >= column.Length);
            if (next is null)
            {
                row.Append(cell);
            }
            else
            {
                next.InsertBeforeSelf(cell);
            }
        }
        cell.RemoveAllChildren();
        cell.DataType = null;
        switch (spec)
        {
            case NumberSpec n:
                cell.CellValue = new CellValue(n.Value.ToString(CultureInfo.InvariantCulture));
                break;
            case TextSpec t:
                cell.DataType = CellValues.InlineString;
                cell.InlineString = new InlineString(new Text(t.Value) { Space = SpaceProcessingModeValues.Preserve });
                break;
            case FormulaSpec f:
                cell.CellFormula = new CellFormula(f.Expression);
                if (f.Cached is { } cached)
                {
                    cell.CellValue = new CellValue(cached.ToString(CultureInfo.InvariantCulture));
                }
                break;
        }
    }

    /// <summary>Appends a data row after the last one: A = <paramref name="sectionId"/>, then the given cells.</summary>
    public int AppendRow(long? sectionId, params (string Column, CellSpec Spec)[] cells)
    {
        var rowNumber = LastRow + 1;
        if (sectionId is { } id)
        {
            Set(rowNumber, "A", CellSpec.Number(id));
        }
        foreach (var (column, spec) in cells)
        {
            Set(rowNumber, column, spec);
        }
        return rowNumber;
    }

    private static string ColumnOf(string reference) => new(reference.TakeWhile(char.IsLetter).ToArray());
}
