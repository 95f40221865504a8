using System.Net;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Investment.Api.Features.Imports;
using Investment.Api.Tests.Infrastructure;

namespace Investment.Api.Tests.Features.Imports;

public sealed class MonthlyReportTemplateTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    [Fact]
    public async Task Template_ListsTheSectionsExpectedToReport_WithTitleHeaderMetaAndLockedColumns()
    {
        var planned = await api.NewPlannedSectionAsync("IMT-LIST");
        var unplanned = await api.NewPlannedSectionAsync("IMT-NOPLAN", plan: false);
        var elsewhere = await api.NewPlannedSectionAsync("IMT-WL", ImportFiles.Wenling);

        var response = await api.Client.GetAsync(ImportFiles.TemplateUrl());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(MonthlyReportTemplateWriter.ContentType, response.Content.Headers.ContentType?.MediaType);
        // A Chinese name in filename*, as the exports have, and the ASCII fallback in filename.
        Assert.Equal("诸暨市2023年12月月度进展填报模板.xlsx", response.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("monthly-reports-330681-2023-12.xlsx", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var xlsx = await response.Content.ReadAsByteArrayAsync();

        // The same sections GET /reports/missing counts as expected, plus nothing else.
        var missing = await (await api.Client.GetAsync("/api/v1/reports/missing?period=2023-12&regionCode=330681")).ReadAsync<JsonElement>();
        var expected = missing.GetProperty("counts").GetProperty("expected").GetInt32();
        using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var sheets = document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().ToList();
        Assert.Equal([MonthlyReportSheet.SheetName, "meta"], sheets.Select(s => s.Name!.Value));
        Assert.Equal(SheetStateValues.VeryHidden, sheets[1].State!.Value);
        var sheet = ImportFiles.WorksheetOf(document, MonthlyReportSheet.SheetName).Worksheet;
        var dataRows = sheet.Descendants<Row>().Where(r => r.RowIndex!.Value >= MonthlyReportSheet.FirstDataRow).ToList();
        Assert.Equal(expected, dataRows.Count);
        Assert.True(expected > 1);
        var ids = dataRows.Select(r => ImportFiles.CellText(xlsx, $"A{r.RowIndex}")).ToList();
        Assert.Contains(planned.ToString(System.Globalization.CultureInfo.InvariantCulture), ids);
        // Plan or no plan (issue 11): a section whose plan is not entered yet is listed, and its state says why.
        Assert.Contains(unplanned.ToString(System.Globalization.CultureInfo.InvariantCulture), ids);
        var unplannedRow = dataRows.Single(r => ImportFiles.CellText(xlsx, $"A{r.RowIndex}") == unplanned.ToString(System.Globalization.CultureInfo.InvariantCulture)).RowIndex!.Value;
        Assert.Equal("未填报（2023年度计划尚未录入，仍需按月填报）", ImportFiles.CellText(xlsx, $"F{unplannedRow}"));
        Assert.DoesNotContain(elsewhere.ToString(System.Globalization.CultureInfo.InvariantCulture), ids);

        // Title, 制表单位 line and unit line, each merged across the table, then the header on row 4.
        Assert.Equal("诸暨市 2023年12月 项目月度进展填报表", ImportFiles.CellText(xlsx, "A1"));
        Assert.StartsWith("制表单位：诸暨市交通运输局　制表日期：", ImportFiles.CellText(xlsx, "A2"), StringComparison.Ordinal);
        Assert.StartsWith("单位：万元", ImportFiles.CellText(xlsx, "A3"), StringComparison.Ordinal);
        Assert.Equal(["标段ID", "区县", "项目编码", "项目名称", "标段名称", "填报状态", "本月完成投资(万元)", "形象进度(%)", "形象进度下降原因", "进展情况", "存在问题", "是否提交"],
            "ABCDEFGHIJKL".Select(c => ImportFiles.CellText(xlsx, $"{c}4")));
        Assert.Equal(["A1:L1", "A2:L2", "A3:L3"], sheet.Descendants<MergeCell>().Select(m => m.Reference!.Value).Order());

        // The new section's row: identity written, not yet reported, fill-in cells empty, 是否提交 = 否.
        var row = dataRows.Single(r => ImportFiles.CellText(xlsx, $"A{r.RowIndex}") == planned.ToString(System.Globalization.CultureInfo.InvariantCulture)).RowIndex!.Value;
        Assert.Equal(("诸暨市", "IMT-LIST", "导入测试IMT-LIST", "未填报"),
            (ImportFiles.CellText(xlsx, $"B{row}"), ImportFiles.CellText(xlsx, $"C{row}"), ImportFiles.CellText(xlsx, $"D{row}"), ImportFiles.CellText(xlsx, $"F{row}")));
        Assert.Null(ImportFiles.CellText(xlsx, $"G{row}"));
        Assert.Equal("否", ImportFiles.CellText(xlsx, $"L{row}"));
        // Seeded 2023-12 months are approved: listed, but locked and empty.
        var approvedRows = dataRows.Where(r => ImportFiles.CellText(xlsx, $"F{r.RowIndex}") == "已审核（已锁定）").ToList();
        Assert.Equal(missing.GetProperty("counts").GetProperty("approved").GetInt32(), approvedRows.Count);
        Assert.All(approvedRows, r => Assert.Null(ImportFiles.CellText(xlsx, $"G{r.RowIndex}")));

        // Meta: what the upload checks.
        Assert.Equal(("template", "monthly-reports"), (ImportFiles.CellText(xlsx, "A1", "meta"), ImportFiles.CellText(xlsx, "B1", "meta")));
        Assert.Equal(MonthlyReportSheet.TemplateVersion, ImportFiles.CellText(xlsx, "B2", "meta"));
        Assert.Equal(("330681", "2023-12"), (ImportFiles.CellText(xlsx, "B3", "meta"), ImportFiles.CellText(xlsx, "B4", "meta")));

        // Frozen below the header, protected, fixed widths (long text wraps), one page wide in landscape A4.
        var pane = sheet.Descendants<Pane>().Single();
        Assert.Contains(pane.State!.Value, new[] { PaneStateValues.Frozen, PaneStateValues.FrozenSplit });
        Assert.Equal((4d, "A5"), (pane.VerticalSplit!.Value, pane.TopLeftCell!.Value));
        Assert.True(sheet.Descendants<SheetProtection>().Single().Sheet!.Value);
        Assert.Equal(12, sheet.Descendants<Column>().Sum(c => (int)(c.Max!.Value - c.Min!.Value + 1)));
        Assert.True(sheet.Descendants<Column>().Single(c => c.Min!.Value == 4).Width!.Value >= 20);
        var page = sheet.Descendants<PageSetup>().Single();
        Assert.Equal((OrientationValues.Landscape, 9u, 1u, 0u), (page.Orientation!.Value, page.PaperSize!.Value, page.FitToWidth?.Value ?? 1u, page.FitToHeight!.Value));
        Assert.True(sheet.Descendants<PageSetupProperties>().Single().FitToPage!.Value);
    }

    [Fact]
    public async Task Template_HasListAndDecimalValidations_AndUnlocksOnlyTheFillInCells()
    {
        var sectionId = await api.NewPlannedSectionAsync("IMT-DV");
        var xlsx = await api.TemplateAsync();
        using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var sheet = ImportFiles.WorksheetOf(document, MonthlyReportSheet.SheetName).Worksheet;
        var validations = sheet.Descendants<DataValidation>().ToList();

        var list = Assert.Single(validations, v => v.Type?.Value == DataValidationValues.List);
        Assert.Equal("\"是,否\"", list.Formula1!.Text);
        Assert.StartsWith("L5:L", list.SequenceOfReferences!.InnerText);
        var progress = Assert.Single(validations, v => v.SequenceOfReferences!.InnerText!.StartsWith("H5:H", StringComparison.Ordinal));
        Assert.Equal((DataValidationValues.Decimal, "0", "100"), (progress.Type!.Value, progress.Formula1!.Text, progress.Formula2!.Text));
        var money = Assert.Single(validations, v => v.Type?.Value == DataValidationValues.Decimal && v.Formula1!.Text == "0"
                                                     && v.SequenceOfReferences!.InnerText!.StartsWith('G'));
        Assert.Equal("99999999999999", money.Formula2!.Text);
        var row = new SheetEditorProbe(document).RowOf(sectionId);
        Assert.True(Covers(money.SequenceOfReferences!.InnerText!, row), money.SequenceOfReferences!.InnerText);
        Assert.Equal(3, validations.Count(v => v.Type?.Value == DataValidationValues.TextLength));
        // Every fill-in column prompts what to enter when its cell is selected.
        Assert.All(validations, v => Assert.True(v.ShowInputMessage?.Value == true && !string.IsNullOrEmpty(v.Prompt?.Value), v.SequenceOfReferences!.InnerText));
        Assert.Contains(validations, v => v.PromptTitle?.Value == "形象进度(%)" && v.Prompt!.Value!.Contains("0–100", StringComparison.Ordinal));

        // Fill-in cells use an unlocked format; identity cells a locked one.
        var formats = document.WorkbookPart!.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ToList();
        bool Locked(string reference)
        {
            var cell = sheet.Descendants<Cell>().Single(c => c.CellReference!.Value == reference);
            return formats[(int)cell.StyleIndex!.Value].Protection?.Locked?.Value ?? true;
        }
        Assert.True(Locked($"A{row}"));
        Assert.True(Locked($"C{row}"));
        Assert.False(Locked($"G{row}"));
        Assert.False(Locked($"K{row}"));
        Assert.False(Locked($"L{row}"));
    }

    [Fact]
    public async Task Template_PrefillsTheOpenDraft_AndLocksASubmittedMonth()
    {
        var draft = await api.NewPlannedSectionAsync("IMT-PRE");
        var submitted = await api.NewPlannedSectionAsync("IMT-SUB");
        Assert.Equal(HttpStatusCode.Created, (await api.Client.PutAsync($"/api/v1/sections/{draft}/reports/2023-12",
            JsonBody(new { monthActual = 321.5m, physicalProgress = 40m, narrative = "=SUM(A1:A9) 路面施工" }))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await api.Client.PutAsync($"/api/v1/sections/{submitted}/reports/2023-12",
            JsonBody(new { monthActual = 10m }))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsync($"/api/v1/sections/{submitted}/reports/2023-12/submit", null)).StatusCode);

        var xlsx = await api.TemplateAsync();
        var (draftRow, submittedRow) = Rows(xlsx, draft, submitted);
        Assert.Equal(("草稿", "321.5", "40"), (ImportFiles.CellText(xlsx, $"F{draftRow}"), ImportFiles.CellText(xlsx, $"G{draftRow}"), ImportFiles.CellText(xlsx, $"H{draftRow}")));
        // Text that looks like a formula stays text.
        Assert.Equal("=SUM(A1:A9) 路面施工", ImportFiles.CellText(xlsx, $"J{draftRow}"));
        var sheetXml = ImportFiles.EntryText(xlsx, "xl/worksheets/sheet1.xml");
        Assert.DoesNotContain("<x:f>", sheetXml, StringComparison.Ordinal);
        Assert.DoesNotContain("<f>", sheetXml, StringComparison.Ordinal);
        Assert.Equal("已提交，待审核（不可修改）", ImportFiles.CellText(xlsx, $"F{submittedRow}"));
        Assert.Null(ImportFiles.CellText(xlsx, $"G{submittedRow}"));
    }

    [Fact]
    public async Task Template_FilledInAndSavedBySpreadsheetSoftware_ImportsBack()
    {
        // Filled and saved as Excel would (here ClosedXML): every text a shared string, the sheet left protected.
        var sectionId = await api.NewPlannedSectionAsync("IMT-CXL");
        var template = await api.TemplateAsync();
        const string narrative = "路面施工，“上面层”完成\n第二行 =SUM(A1)";
        byte[] filled;
        using (var workbook = new ClosedXML.Excel.XLWorkbook(new MemoryStream(template)))
        {
            var sheet = workbook.Worksheet(MonthlyReportSheet.SheetName);
            var row = sheet.Column(1).CellsUsed().Single(c => c.Address.RowNumber >= MonthlyReportSheet.FirstDataRow
                                                               && c.GetValue<string>() == sectionId.ToString(System.Globalization.CultureInfo.InvariantCulture)).Address.RowNumber;
            sheet.Cell(row, MonthlyReportSheet.MonthActual.Index).Value = 88.5;
            sheet.Cell(row, MonthlyReportSheet.PhysicalProgress.Index).Value = 12.25;
            sheet.Cell(row, MonthlyReportSheet.Narrative.Index).SetValue(narrative);
            sheet.Cell(row, MonthlyReportSheet.Narrative.Index).DataType = ClosedXML.Excel.XLDataType.Text;
            sheet.Cell(row, MonthlyReportSheet.Submit.Index).SetValue(MonthlyReportSheet.Yes);
            using var saved = new MemoryStream();
            workbook.SaveAs(saved);
            filled = saved.ToArray();
        }
        Assert.Contains(narrative.Split('\n')[0], ImportFiles.EntryText(filled, "xl/sharedStrings.xml"), StringComparison.Ordinal);

        var result = await (await api.UploadAsync(filled)).ReadAsync<JsonElement>();
        Assert.Equal((1, 1), (result.GetProperty("created").GetInt32(), result.GetProperty("submitted").GetInt32()));
        var report = await (await api.Client.GetAsync($"/api/v1/sections/{sectionId}/reports/2023-12")).ReadAsync<JsonElement>();
        var open = report.GetProperty("open");
        Assert.Equal(("submitted", 88.5m, 12.25m, narrative), (open.GetProperty("status").GetString(), open.GetProperty("monthActual").GetDecimal(),
            open.GetProperty("physicalProgress").GetDecimal(), open.GetProperty("narrative").GetString()));
    }

    [Theory]
    [InlineData("regionCode=330681", "period")]
    [InlineData("period=2023-12", "regionCode")]
    [InlineData("regionCode=999999&period=2023-12", "regionCode")]
    [InlineData("regionCode=330681&period=2024-02", "period")]
    [InlineData("regionCode=330681&period=2023-13", "period")]
    public async Task Template_RefusesAMissingUnknownOrFutureTarget(string query, string field)
    {
        var response = await api.Client.GetAsync($"/api/v1/imports/monthly-reports/template?{query}");
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Template_ForACity_ListsItsCounties()
    {
        var sectionId = await api.NewPlannedSectionAsync("IMT-CITY");
        var xlsx = await api.TemplateAsync("330600");
        Assert.Equal("绍兴市 2023年12月 项目月度进展填报表", ImportFiles.CellText(xlsx, "A1"));
        ImportFiles.Edit(xlsx, sheet => Assert.True(sheet.RowOf(sectionId) >= MonthlyReportSheet.FirstDataRow));
    }

    /// <summary>Whether a validation's sqref ("G5:G9 G12") covers column G of <paramref name="row"/>.</summary>
    private static bool Covers(string sqref, int row) =>
        sqref.Split(' ').Select(r => r.Split(':')).Any(r =>
            int.Parse(r[0][1..], System.Globalization.CultureInfo.InvariantCulture) <= row
            && row <= int.Parse(r[^1][1..], System.Globalization.CultureInfo.InvariantCulture));

    private static (int, int) Rows(byte[] xlsx, long first, long second)
    {
        var rows = (0, 0);
        ImportFiles.Edit(xlsx, sheet => rows = (sheet.RowOf(first), sheet.RowOf(second)));
        return rows;
    }

    private static StringContent JsonBody(object body) =>
        new(JsonSerializer.Serialize(body, HttpAssertions.Json), System.Text.Encoding.UTF8, "application/json");

    private sealed class SheetEditorProbe(SpreadsheetDocument document)
    {
        public int RowOf(long sectionId) => new SheetEditor(document).RowOf(sectionId);
    }
}
