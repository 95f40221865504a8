using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Investment.Api.Data;
using Investment.Api.Features.Imports;
using Investment.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Tests.Features.Imports;

/// <summary>
/// The Excel import under access control: headquarters get a template of their own sections only, and an upload row
/// of any other section is refused like an unknown one, with nothing of the upload stored.
/// </summary>
public sealed class ImportScopeTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    /// <summary>The section ids the template lists (column A of the data rows; the headers there are text).</summary>
    private static List<long> ListedSections(byte[] xlsx)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var data = ImportFiles.WorksheetOf(document, MonthlyReportSheet.SheetName).Worksheet.GetFirstChild<SheetData>()!;
        return data.Elements<Row>()
            .SelectMany(r => r.Elements<Cell>().Where(c => c.CellReference?.Value == $"A{r.RowIndex}"))
            .Where(c => c.DataType is null || c.DataType.Value == CellValues.Number)
            .Select(c => long.Parse(c.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] file)
    {
        var content = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(MonthlyReportTemplateWriter.ContentType);
        content.Add(part, "file", "月报.xlsx");
        return client.PostAsync(ImportFiles.UploadUrl(), content);
    }

    private async Task<List<MonthlyReport>> ReportsAsync(long sectionId)
    {
        await using var db = api.CreateDb();
        return await db.MonthlyReports.AsNoTracking().Where(r => r.SectionId == sectionId && r.Year == 2023 && r.Month == 12).ToListAsync();
    }

    [Fact]
    public async Task Headquarters_TemplateListsOnlyTheirSections_AndARowOfAnotherSectionFailsTheWholeUpload()
    {
        var mine = await api.NewPlannedSectionAsync("IS-HQ-MINE");
        var other = await api.NewPlannedSectionAsync("IS-HQ-OTHER");
        var hq = await api.ClientForAsync(Roles.Headquarters, sectionIds: [mine]);

        var theirs = await hq.GetAsync(ImportFiles.TemplateUrl());
        Assert.Equal(HttpStatusCode.OK, theirs.StatusCode);
        Assert.Equal([mine], ListedSections(await theirs.Content.ReadAsByteArrayAsync()));
        Assert.Contains(other, ListedSections(await api.TemplateAsync()));

        // The administrator's template of the whole county, both rows filled: the other section is not theirs.
        var both = ImportFiles.Fill(ImportFiles.Fill(await api.TemplateAsync(), mine, 10m), other, 20m);
        var (_, errors) = await (await UploadAsync(hq, both)).AssertImportProblemAsync(HttpStatusCode.BadRequest);
        var refused = Assert.Single(errors);
        Assert.Equal(ImportCodes.UnknownSection, refused.GetProperty("code").GetString());
        Assert.Contains(other.ToString(System.Globalization.CultureInfo.InvariantCulture), refused.GetProperty("message").GetString());
        Assert.Empty(await ReportsAsync(mine));
        Assert.Empty(await ReportsAsync(other));

        var own = ImportFiles.Fill(await theirs.Content.ReadAsByteArrayAsync(), mine, 10m);
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(hq, own)).StatusCode);
        Assert.Equal(10m, Assert.Single(await ReportsAsync(mine)).MonthActual);
    }

    [Fact]
    public async Task PlannerOfOneCounty_CannotUploadForAnother_AndLeadersMayNotImport()
    {
        var planner = await api.ClientForAsync(Roles.Planning, regionCodes: [ImportFiles.Zhuji]);
        var leader = await api.ClientForAsync(Roles.Leadership, regionCodes: [ImportFiles.Zhuji]);
        var wenling = await api.NewPlannedSectionAsync("IS-WL", ImportFiles.Wenling);
        var file = ImportFiles.Fill(await api.TemplateAsync(ImportFiles.Wenling), wenling, 30m);

        var content = new MultipartFormDataContent { { new ByteArrayContent(file), "file", "月报.xlsx" } };
        var response = await planner.PostAsync(ImportFiles.UploadUrl(ImportFiles.Wenling), content);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "regionCode");
        await (await planner.GetAsync(ImportFiles.TemplateUrl(ImportFiles.Wenling))).AssertProblemAsync(HttpStatusCode.BadRequest, "regionCode");
        await (await leader.GetAsync(ImportFiles.TemplateUrl())).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await UploadAsync(leader, file)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Empty(await ReportsAsync(wenling));
    }
}
