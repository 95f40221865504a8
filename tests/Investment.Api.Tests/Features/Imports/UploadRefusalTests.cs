using System.IO.Compression;
using System.Net;
using System.Text;
using DocumentFormat.OpenXml.Spreadsheet;
using Investment.Api.Features.Imports;
using Investment.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Tests.Features.Imports;

/// <summary>The bad input of issue 4 through HTTP: each refused with a precise problem and nothing committed.</summary>
public sealed class UploadRefusalTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    private const string MacroWorkbookType = "application/vnd.ms-excel.sheet.macroEnabled.main+xml";

    [Fact]
    public async Task PlainText_IsRefused415AsNotXlsx()
    {
        var csv = Encoding.UTF8.GetBytes("标段ID,本月完成投资\n12,100\n");
        var (problem, _) = await Refused(csv, HttpStatusCode.UnsupportedMediaType, ImportCodes.NotXlsx);
        Assert.Contains("CSV", problem.GetProperty("detail").GetString());
        Assert.Contains("不是 Excel 工作簿", problem.GetProperty("detail").GetString());
        // Without Accept-Language: zh-CN the same refusal is in English (it used to hold both languages at once).
        var (english, _) = await Refused(csv, HttpStatusCode.UnsupportedMediaType, ImportCodes.NotXlsx, language: null);
        Assert.Contains("not an Excel workbook", english.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task APngRenamedToXlsx_IsRefused415AsNotXlsx()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52];
        var (problem, _) = await Refused(png, HttpStatusCode.UnsupportedMediaType, ImportCodes.NotXlsx);
        Assert.Contains("图片", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ALegacyXls_IsRefused415AsXls()
    {
        var (problem, _) = await Refused(ImportFiles.CompoundFile("Workbook", "\u0005SummaryInformation"), HttpStatusCode.UnsupportedMediaType,
            ImportCodes.LegacyXls);
        Assert.Contains(".xls", problem.GetProperty("detail").GetString());
        // Only the magic, no readable directory: still an OLE file, named as the likeliest one.
        await Refused([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 1, 2, 3], HttpStatusCode.UnsupportedMediaType, ImportCodes.LegacyXls);
    }

    [Fact]
    public async Task APasswordProtectedWorkbook_IsRefused415AsEncrypted()
    {
        var (problem, errors) = await Refused(ImportFiles.CompoundFile("EncryptionInfo", "EncryptedPackage", "\u0006DataSpaces"),
            HttpStatusCode.UnsupportedMediaType, ImportCodes.Encrypted);
        Assert.Contains("加密", problem.GetProperty("detail").GetString());
        Assert.Contains("加密", Assert.Single(errors).GetProperty("message").GetString());
        var (english, _) = await Refused(ImportFiles.CompoundFile("EncryptionInfo", "EncryptedPackage", "\u0006DataSpaces"),
            HttpStatusCode.UnsupportedMediaType, ImportCodes.Encrypted, language: "en");
        Assert.Contains("password-protected", english.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AMacroEnabledWorkbook_IsRefused415_ByContentTypeOrByAVbaPart()
    {
        var template = await api.TemplateAsync();
        var contentTypes = ImportFiles.EntryText(template, "[Content_Types].xml")
            .Replace(UploadInspector.WorkbookContentType, MacroWorkbookType, StringComparison.Ordinal);
        Assert.Contains(MacroWorkbookType, contentTypes);
        var xlsm = ImportFiles.WithEntry(template, "[Content_Types].xml", Encoding.UTF8.GetBytes(contentTypes));
        var (problem, _) = await Refused(xlsm, HttpStatusCode.UnsupportedMediaType, ImportCodes.MacroEnabled);
        Assert.Contains("宏", problem.GetProperty("detail").GetString());
        var (english, _) = await Refused(xlsm, HttpStatusCode.UnsupportedMediaType, ImportCodes.MacroEnabled, language: "en");
        Assert.Contains("Macro-enabled", english.GetProperty("detail").GetString());

        var withVba = ImportFiles.WithEntry(template, "xl/vbaProject.bin", ImportFiles.CompoundFile("VBA", "PROJECT"));
        await Refused(withVba, HttpStatusCode.UnsupportedMediaType, ImportCodes.MacroEnabled);
    }

    [Fact]
    public async Task OtherZips_AreRefused415_AWordDocumentAndAPlainArchive()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry("readme.txt").Open());
            writer.Write("not a workbook");
        }
        await Refused(stream.ToArray(), HttpStatusCode.UnsupportedMediaType, ImportCodes.NotXlsx);

        var template = await api.TemplateAsync();
        var docx = ImportFiles.WithEntry(template, "[Content_Types].xml", Encoding.UTF8.GetBytes(
            "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>"));
        var (problem, _) = await Refused(docx, HttpStatusCode.UnsupportedMediaType, ImportCodes.NotXlsx);
        Assert.Contains("Word", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AFileOverTheSizeLimit_IsRefused413()
    {
        var template = await api.TemplateAsync();
        // A valid workbook padded past 5 MB with an incompressible entry.
        var noise = new byte[ImportLimits.DefaultMaxBytes];
        new Random(4).NextBytes(noise);
        var large = ImportFiles.WithEntry(template, "docProps/padding.bin", noise, CompressionLevel.NoCompression);
        Assert.True(large.Length > ImportLimits.DefaultMaxBytes);
        var (problem, _) = await Refused(large, HttpStatusCode.RequestEntityTooLarge, ImportCodes.TooLarge);
        Assert.Contains("5 MB", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ASheetOverTheRowLimit_IsRefused413()
    {
        var sectionId = await api.NewPlannedSectionAsync("IMR-ROWS");
        var template = await api.TemplateAsync();
        var tooMany = ImportFiles.Edit(template, sheet =>
        {
            var data = ImportFiles.WorksheetOf(sheet.Document, MonthlyReportSheet.SheetName).Worksheet.GetFirstChild<SheetData>()!;
            var first = sheet.LastRow + 1;
            for (var r = first; r < first + ImportLimits.DefaultMaxRows; r++)
            {
                data.Append(new Row(
                    new Cell { CellReference = $"A{r}", CellValue = new CellValue(sectionId.ToString(System.Globalization.CultureInfo.InvariantCulture)) },
                    new Cell { CellReference = $"G{r}", CellValue = new CellValue("1") }) { RowIndex = (uint)r });
            }
        });
        var (problem, _) = await Refused(tooMany, HttpStatusCode.RequestEntityTooLarge, ImportCodes.TooManyRows);
        Assert.Contains("5000", problem.GetProperty("detail").GetString());
        await using var db = api.CreateDb();
        Assert.False(await db.MonthlyReports.AnyAsync(r => r.SectionId == sectionId));
    }

    [Fact]
    public async Task AZipBomb_IsRefused413_BeforeAnyXmlIsParsed()
    {
        var template = await api.TemplateAsync();
        // 200 MB of zeros deflate to about 200 KB: well under the byte limit, far over the expansion limit.
        var bomb = ImportFiles.WithZeros(template, "xl/worksheets/sheet9.xml", 200L * 1024 * 1024);
        Assert.True(bomb.Length < ImportLimits.DefaultMaxBytes);
        // In English here (no Accept-Language), as the rest of this class reads the web app's Chinese.
        var (problem, _) = await Refused(bomb, HttpStatusCode.RequestEntityTooLarge, ImportCodes.ExpandsTooMuch, language: null);
        Assert.Contains("zip bomb", problem.GetProperty("detail").GetString());

        // 4 MB of zeros stay under 50 MB in total but expand about 1000:1.
        var dense = ImportFiles.WithZeros(template, "xl/media/zeros.bin", 4L * 1024 * 1024);
        await Refused(dense, HttpStatusCode.RequestEntityTooLarge, ImportCodes.CompressionRatio);
    }

    [Fact]
    public async Task ARequestThatIsNotMultipartOrHasNoFile_IsRefused()
    {
        var json = await api.Client.PostAsync(ImportFiles.UploadUrl(), new StringContent("{}", Encoding.UTF8, "application/json"));
        var (_, errors) = await json.AssertImportProblemAsync(HttpStatusCode.UnsupportedMediaType);
        errors.ErrorOf(ImportCodes.NotMultipart);

        var empty = new MultipartFormDataContent { { new StringContent("x"), "note" } };
        var (_, noFile) = await (await api.Client.PostAsync(ImportFiles.UploadUrl(), empty)).AssertImportProblemAsync(HttpStatusCode.BadRequest, "file");
        noFile.ErrorOf(ImportCodes.NoFile);
    }

    [Fact]
    public async Task ADamagedWorkbook_IsRefused400NamingTheFile()
    {
        var template = await api.TemplateAsync();
        var damaged = ImportFiles.WithEntry(template, "xl/worksheets/sheet1.xml", Encoding.UTF8.GetBytes("<worksheet><sheetData><row>"));
        var (_, errors) = await (await api.UploadAsync(damaged)).AssertImportProblemAsync(HttpStatusCode.BadRequest, "file");
        errors.ErrorOf(ImportCodes.Unreadable);
    }

    [Fact]
    public async Task OpenApi_DescribesTheTemplateAndTheMultipartUpload()
    {
        var document = await (await api.Client.GetAsync("/openapi/v1.json")).ReadAsync<System.Text.Json.JsonElement>();
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/imports/monthly-reports/template", out _));
        var post = paths.GetProperty("/api/v1/imports/monthly-reports").GetProperty("post");
        var schema = post.GetProperty("requestBody").GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema");
        Assert.Equal("binary", schema.GetProperty("properties").GetProperty("file").GetProperty("format").GetString());
        Assert.True(post.GetProperty("responses").TryGetProperty("413", out _));
        Assert.True(post.GetProperty("responses").TryGetProperty("415", out _));
    }

    private async Task<(System.Text.Json.JsonElement Problem, List<System.Text.Json.JsonElement> Errors)> Refused(
        byte[] file, HttpStatusCode status, string code, string? language = "zh-CN")
    {
        var before = await CountAsync();
        var response = await api.UploadAsync(file, language: language);
        var result = await response.AssertImportProblemAsync(status, "file");
        Assert.Equal(code, result.Problem.GetProperty("code").GetString());
        Assert.Equal(code, Assert.Single(result.Errors).GetProperty("code").GetString());
        Assert.Equal(before, await CountAsync());
        return result;
    }

    private async Task<int> CountAsync()
    {
        await using var db = api.CreateDb();
        return await db.MonthlyReports.CountAsync();
    }
}
