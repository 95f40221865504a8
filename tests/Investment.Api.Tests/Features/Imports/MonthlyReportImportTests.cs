using System.Net;
using System.Text.Json;
using Investment.Api.Data;
using Investment.Api.Features.Imports;
using Investment.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Tests.Features.Imports;

public sealed class MonthlyReportImportTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    [Fact]
    public async Task RoundTrip_TemplateFilledAndUploaded_ShowsInTheMonthsReport_ThenUpdatesAndSubmits()
    {
        var sectionId = await api.NewPlannedSectionAsync("IMP-RT");
        var template = await api.TemplateAsync();
        var filled = ImportFiles.Fill(template, sectionId, 1234.5678m, 12.5m, "路基施工，完成填方 3 万方", "青苗政策处理未完成");

        var response = await api.UploadAsync(filled);
        var result = await response.ReadAsync<JsonElement>();
        Assert.Equal((1, 0, 0), (result.GetProperty("created").GetInt32(), result.GetProperty("updated").GetInt32(), result.GetProperty("submitted").GetInt32()));
        // Every data row is accounted for: other tests' drafts come back pre-filled and unchanged, the rest are skipped.
        var outcomes = result.GetProperty("rows").EnumerateArray().GroupBy(r => r.GetProperty("outcome").GetString()!)
            .ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(outcomes["skipped"], result.GetProperty("skipped").GetInt32());
        Assert.Equal(outcomes.GetValueOrDefault("unchanged"), result.GetProperty("unchanged").GetInt32());
        Assert.True(outcomes["skipped"] >= 10);
        Assert.All(result.GetProperty("rows").EnumerateArray(), r => Assert.NotEqual(JsonValueKind.Null, r.GetProperty("sectionId").ValueKind));
        var row = Assert.Single(result.GetProperty("rows").EnumerateArray(), r => r.GetProperty("outcome").GetString() == "created");
        Assert.Equal((sectionId, "draft", 1), (row.GetProperty("sectionId").GetInt64(), row.GetProperty("status").GetString(), row.GetProperty("revision").GetInt32()));

        var report = await (await api.Client.GetAsync($"/api/v1/sections/{sectionId}/reports/2023-12")).ReadAsync<JsonElement>();
        var open = report.GetProperty("open");
        Assert.Equal("draft", open.GetProperty("status").GetString());
        Assert.Equal(1234.5678m, open.GetProperty("monthActual").GetDecimal());
        Assert.Equal(12.5m, open.GetProperty("physicalProgress").GetDecimal());
        Assert.Equal("路基施工，完成填方 3 万方", open.GetProperty("narrative").GetString());
        Assert.Equal("青苗政策处理未完成", open.GetProperty("problems").GetString());

        // The next template is pre-filled with the draft; uploading it unchanged writes nothing.
        var versionBefore = Assert.Single(await StoredAsync(sectionId)).Version;
        uint stored0Version() => versionBefore;
        var again = await api.TemplateAsync();
        var same = await (await api.UploadAsync(again)).ReadAsync<JsonElement>();
        Assert.Equal((0, 0), (same.GetProperty("created").GetInt32(), same.GetProperty("updated").GetInt32()));
        Assert.Equal("unchanged", same.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("sectionId").GetInt64() == sectionId)
            .GetProperty("outcome").GetString());
        Assert.Equal(stored0Version(), Assert.Single(await StoredAsync(sectionId)).Version);

        // Changed and marked 是否提交 = 是: the draft is updated and submitted in the same upload.
        var submit = ImportFiles.Fill(again, sectionId, 1300m, 13m, "路基、桥梁施工", submit: "是");
        var submitted = await (await api.UploadAsync(submit)).ReadAsync<JsonElement>();
        Assert.Equal((0, 1, 1), (submitted.GetProperty("created").GetInt32(), submitted.GetProperty("updated").GetInt32(), submitted.GetProperty("submitted").GetInt32()));
        var stored = Assert.Single(await StoredAsync(sectionId));
        Assert.Equal(("submitted", 1300m, 13m, (string?)null, ApiFixture.Now), (stored.Status, stored.MonthActual, stored.PhysicalProgress, stored.Problems, stored.SubmittedAt));

        // A submitted month is an error, not a silent skip.
        var (_, errors) = await (await api.UploadAsync(submit)).AssertImportProblemAsync(HttpStatusCode.BadRequest);
        var error = errors.ErrorOf(ImportCodes.SubmittedMonth);
        Assert.Equal("monthActual", error.GetProperty("field").GetString());
    }

    [Fact]
    public async Task ADraftWithAwkwardText_ComesBackUnchanged_ThroughTemplateAndUpload()
    {
        var sectionId = await api.NewPlannedSectionAsync("IMP-TEXT");
        const string narrative = "=1+1 路面_x0041_施工\t完成\u0007；第二行\n继续";
        var put = await api.Client.PutAsync($"/api/v1/sections/{sectionId}/reports/2023-12", new StringContent(
            JsonSerializer.Serialize(new { monthActual = 1m, narrative }, HttpAssertions.Json), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);

        var result = await (await api.UploadAsync(await api.TemplateAsync())).ReadAsync<JsonElement>();
        Assert.Equal("unchanged", result.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("sectionId").GetInt64() == sectionId)
            .GetProperty("outcome").GetString());
        Assert.Equal(narrative, Assert.Single(await StoredAsync(sectionId)).Narrative);
    }

    [Fact]
    public async Task OneBadRowAmongGoodOnes_StoresNothing_AndNamesRowColumnAndCode()
    {
        var good = await api.NewPlannedSectionAsync("IMP-AON1");
        var bad = await api.NewPlannedSectionAsync("IMP-AON2");
        var template = await api.TemplateAsync();
        var badRow = 0;
        var file = ImportFiles.Edit(ImportFiles.Fill(template, good, 500m, 20m), sheet =>
        {
            badRow = sheet.RowOf(bad);
            sheet.Set(badRow, "G", CellSpec.Text("约五百万"));
            sheet.Set(badRow, "H", CellSpec.Number(10m));
        });

        var response = await api.UploadAsync(file);
        var (problem, errors) = await response.AssertImportProblemAsync(HttpStatusCode.BadRequest, $"row {badRow}: monthActual");
        var error = Assert.Single(errors);
        Assert.Equal(badRow, error.GetProperty("row").GetInt32());
        Assert.Equal("本月完成投资(万元)", error.GetProperty("column").GetString());
        Assert.Equal("monthActual", error.GetProperty("field").GetString());
        Assert.Equal(ImportCodes.NotANumber, error.GetProperty("code").GetString());
        Assert.Contains("约五百万", error.GetProperty("message").GetString());
        Assert.Contains("未保存任何数据", problem.GetProperty("detail").GetString());

        Assert.Empty(await StoredAsync(good));
        Assert.Empty(await StoredAsync(bad));
    }

    [Fact]
    public async Task FormulaCells_AreReadByTheirCachedValue_AndOneWithoutAValueIsAnError()
    {
        var cached = await api.NewPlannedSectionAsync("IMP-F1");
        var uncached = await api.NewPlannedSectionAsync("IMP-F2");
        var template = await api.TemplateAsync();
        int uncachedRow = 0;
        var withCache = ImportFiles.Edit(template, sheet =>
        {
            var row = sheet.RowOf(cached);
            sheet.Set(row, "G", CellSpec.Formula("100*2.5", 250m));
            // What Excel caches for =0.1*3 + 10: binary noise beyond 15 significant digits.
            sheet.Set(row, "H", CellSpec.Formula("0.1*3+10", 10.300000000000001m));
        });
        var ok = await (await api.UploadAsync(withCache)).ReadAsync<JsonElement>();
        Assert.Equal(1, ok.GetProperty("created").GetInt32());
        var stored = Assert.Single(await StoredAsync(cached));
        Assert.Equal((250m, 10.3m), (stored.MonthActual, stored.PhysicalProgress));

        var withoutCache = ImportFiles.Edit(template, sheet =>
        {
            uncachedRow = sheet.RowOf(uncached);
            sheet.Set(uncachedRow, "G", CellSpec.Formula("SUM(X1:X9)", null));
        });
        var (_, errors) = await (await api.UploadAsync(withoutCache)).AssertImportProblemAsync(HttpStatusCode.BadRequest,
            $"row {uncachedRow}: monthActual");
        Assert.Equal("monthActual", errors.ErrorOf(ImportCodes.FormulaWithoutValue, uncachedRow).GetProperty("field").GetString());
        Assert.Empty(await StoredAsync(uncached));
    }

    [Fact]
    public async Task UnknownSections_OtherRegions_Duplicates_AndTextInNumberCells_AreEachNamed()
    {
        var mine = await api.NewPlannedSectionAsync("IMP-BAD1");
        var wenling = await api.NewPlannedSectionAsync("IMP-BAD-WL", ImportFiles.Wenling);
        var template = await api.TemplateAsync();
        int mineRow = 0, unknownRow = 0, otherRow = 0, duplicateRow = 0, textRow = 0;
        var file = ImportFiles.Edit(ImportFiles.Fill(template, mine, 10m), sheet =>
        {
            mineRow = sheet.RowOf(mine);
            unknownRow = sheet.AppendRow(987654321, ("G", CellSpec.Number(1m)));
            otherRow = sheet.AppendRow(wenling, ("G", CellSpec.Number(2m)));
            duplicateRow = sheet.AppendRow(mine, ("G", CellSpec.Number(3m)));
            textRow = sheet.AppendRow(null, ("G", CellSpec.Number(4m)), ("H", CellSpec.Text("过半")));
        });

        var (_, errors) = await (await api.UploadAsync(file)).AssertImportProblemAsync(HttpStatusCode.BadRequest,
            $"row {unknownRow}: sectionId", $"row {otherRow}: sectionId", $"row {duplicateRow}: sectionId", $"row {textRow}: physicalProgress");
        Assert.Equal("标段ID", errors.ErrorOf(ImportCodes.UnknownSection, unknownRow).GetProperty("column").GetString());
        Assert.Contains("温岭市", errors.ErrorOf(ImportCodes.OtherRegion, otherRow).GetProperty("message").GetString());
        Assert.Contains($"第 {mineRow} 行", errors.ErrorOf(ImportCodes.DuplicateRow, duplicateRow).GetProperty("message").GetString());
        Assert.Equal("physicalProgress", errors.ErrorOf(ImportCodes.NotANumber, textRow).GetProperty("field").GetString());
        errors.ErrorOf(ImportCodes.MissingSectionId, textRow);
        Assert.DoesNotContain(errors, e => e.GetProperty("row").GetInt32() == mineRow);
        Assert.Empty(await StoredAsync(mine));
        Assert.Empty(await StoredAsync(wenling));
    }

    [Fact]
    public async Task ApprovedMonth_IsLocked_AndProgressGoingBackwardsNeedsAReason_LikeAPut()
    {
        var sectionId = await api.NewPlannedSectionAsync("IMP-RULES");
        await ApproveAsync(sectionId, "2023-11", 100m, 50m);
        var approvedNow = await api.NewPlannedSectionAsync("IMP-LOCK");
        await ApproveAsync(approvedNow, "2023-12", 100m, 10m);

        var template = await api.TemplateAsync();
        int lockedRow = 0, rulesRow = 0;
        var file = ImportFiles.Edit(ImportFiles.Fill(template, sectionId, 80m, 40m), sheet =>
        {
            rulesRow = sheet.RowOf(sectionId);
            lockedRow = sheet.RowOf(approvedNow);
            sheet.Set(lockedRow, "G", CellSpec.Number(5m));
        });
        var (_, errors) = await (await api.UploadAsync(file)).AssertImportProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(2, errors.Count);
        Assert.Contains("已审核", errors.ErrorOf(ImportCodes.LockedMonth, lockedRow).GetProperty("message").GetString());
        Assert.Contains("2023-11", errors.ErrorOf(ImportCodes.ProgressBackwards, rulesRow).GetProperty("message").GetString());

        // The PUT of the same report is refused for the same reason.
        var put = await api.Client.PutAsync($"/api/v1/sections/{sectionId}/reports/2023-12",
            new StringContent("{\"monthActual\":80,\"physicalProgress\":40}", System.Text.Encoding.UTF8, "application/json"));
        await put.AssertProblemAsync(HttpStatusCode.BadRequest, "physicalProgress");

        // With a reason, and without the locked row, it goes through.
        var withReason = ImportFiles.Fill(template, sectionId, 80m, 40m, reason: "设计变更，工程量重新核定");
        var ok = await (await api.UploadAsync(withReason)).ReadAsync<JsonElement>();
        Assert.Equal(1, ok.GetProperty("created").GetInt32());
        Assert.Equal("设计变更，工程量重新核定", Assert.Single(await StoredAsync(sectionId, 12)).ProgressDecreaseReason);
    }

    [Fact]
    public async Task BackDatedMonth_AboveALaterMonth_NeedsAReason_LikeAPut()
    {
        var sectionId = await api.NewPlannedSectionAsync("IMP-LATER");
        await ApproveAsync(sectionId, "2023-12", 100m, 40m);

        var template = await api.TemplateAsync(period: "2023-11");
        var rowNumber = 0;
        var file = ImportFiles.Edit(ImportFiles.Fill(template, sectionId, 80m, 45m), sheet => rowNumber = sheet.RowOf(sectionId));
        var (_, errors) = await (await api.UploadAsync(file, period: "2023-11")).AssertImportProblemAsync(HttpStatusCode.BadRequest);
        var message = errors.ErrorOf(ImportCodes.ProgressBackwards, rowNumber).GetProperty("message").GetString();
        Assert.Contains("2023-12", message, StringComparison.Ordinal);
        Assert.Contains("40%", message, StringComparison.Ordinal);
        Assert.Empty(await StoredAsync(sectionId, 11));

        var withReason = ImportFiles.Fill(template, sectionId, 80m, 45m, reason: "11月实测偏高，12月已按复测结果填报");
        var ok = await (await api.UploadAsync(withReason, period: "2023-11")).ReadAsync<JsonElement>();
        Assert.Equal(1, ok.GetProperty("created").GetInt32());
        Assert.Equal(45m, Assert.Single(await StoredAsync(sectionId, 11)).PhysicalProgress);
    }

    [Fact]
    public async Task PartlyFilledRows_AreFieldErrors_AndEmptyRowsAreSkipped()
    {
        var partial = await api.NewPlannedSectionAsync("IMP-PART");
        var submitOnly = await api.NewPlannedSectionAsync("IMP-SUBONLY");
        var template = await api.TemplateAsync();
        int partialRow = 0, submitRow = 0;
        var file = ImportFiles.Edit(template, sheet =>
        {
            partialRow = sheet.RowOf(partial);
            sheet.Set(partialRow, "J", CellSpec.Text("本月完成路基"));
            sheet.Set(partialRow, "H", CellSpec.Number(150m));
            submitRow = sheet.RowOf(submitOnly);
            sheet.Set(submitRow, "L", CellSpec.Text("是"));
        });
        var (_, errors) = await (await api.UploadAsync(file)).AssertImportProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("monthActual", errors.ErrorOf(ImportCodes.Required, partialRow).GetProperty("field").GetString());
        Assert.Equal("physicalProgress", errors.ErrorOf(ImportCodes.OutOfRange, partialRow).GetProperty("field").GetString());
        errors.ErrorOf(ImportCodes.Required, submitRow);

        var bad = ImportFiles.Edit(template, sheet =>
        {
            var row = sheet.RowOf(partial);
            sheet.Set(row, "G", CellSpec.Number(1.23456m));
            sheet.Set(row, "L", CellSpec.Text("好的"));
        });
        var (_, more) = await (await api.UploadAsync(bad)).AssertImportProblemAsync(HttpStatusCode.BadRequest);
        more.ErrorOf(ImportCodes.TooManyDecimals, partialRow);
        Assert.Equal("是否提交", more.ErrorOf(ImportCodes.InvalidChoice, partialRow).GetProperty("column").GetString());
    }

    [Fact]
    public async Task ATemplateForAnotherPeriodOrRegion_OrNoTemplateAtAll_IsRefusedNamingTheFile()
    {
        var november = await api.TemplateAsync(period: "2023-11");
        var (problem, errors) = await (await api.UploadAsync(november)).AssertImportProblemAsync(HttpStatusCode.BadRequest, "file");
        Assert.Equal(ImportCodes.TemplateMismatch, Assert.Single(errors).GetProperty("code").GetString());
        Assert.Contains("2023-11", problem.GetProperty("errors").GetProperty("file")[0].GetString());

        var wenling = await api.TemplateAsync(ImportFiles.Wenling);
        var (_, regionErrors) = await (await api.UploadAsync(wenling)).AssertImportProblemAsync(HttpStatusCode.BadRequest, "file");
        Assert.Equal(ImportCodes.TemplateMismatch, Assert.Single(regionErrors).GetProperty("code").GetString());

        // A version this reader does not know is refused, naming it (version 1 is accepted: see the test below).
        var oldVersion = ImportFiles.Edit(await api.TemplateAsync(), sheet => sheet.Set(2, "B", CellSpec.Text("0"), "meta"));
        var (_, versionErrors) = await (await api.UploadAsync(oldVersion)).AssertImportProblemAsync(HttpStatusCode.BadRequest, "file");
        Assert.Equal(ImportCodes.TemplateVersion, Assert.Single(versionErrors).GetProperty("code").GetString());
        Assert.StartsWith("模板版本（0）无法识别", Assert.Single(versionErrors).GetProperty("message").GetString(), StringComparison.Ordinal);

        var foreign = ImportFiles.Edit(await api.TemplateAsync(), sheet =>
        {
            var workbook = sheet.Document.WorkbookPart!;
            var meta = workbook.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Single(s => s.Name == "meta");
            workbook.DeletePart(meta.Id!.Value!);
            meta.Remove();
        });
        var (_, foreignErrors) = await (await api.UploadAsync(foreign)).AssertImportProblemAsync(HttpStatusCode.BadRequest, "file");
        Assert.Equal(ImportCodes.NotTemplate, Assert.Single(foreignErrors).GetProperty("code").GetString());
    }

    [Fact]
    public async Task ATemplateOfVersion1_DownloadedBeforeTheClosedXmlLayout_IsStillImported()
    {
        // Written by the bare Open XML SDK writer of version 1 (header on row 2, inline strings), kept as it was downloaded.
        var v1 = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Features", "Imports", "Fixtures", "monthly-report-template-v1.xlsx"));
        Assert.Equal(("1", "标段ID"), (ImportFiles.CellText(v1, "B2", "meta"), ImportFiles.CellText(v1, "A2")));
        var open = await api.NewPlannedSectionAsync("IMP-V1");
        var blank = await api.NewPlannedSectionAsync("IMP-V1-BLANK");
        var filled = ImportFiles.Edit(v1, sheet =>
        {
            sheet.Set(3, "A", CellSpec.Number(open));
            sheet.Set(3, "C", CellSpec.Text("IMP-V1"));
            sheet.Set(3, "G", CellSpec.Number(150.25m));
            sheet.Set(3, "J", CellSpec.Text("旧模板填报"));
            sheet.Set(4, "A", CellSpec.Number(blank));
        });

        var result = await (await api.UploadAsync(filled)).ReadAsync<JsonElement>();
        Assert.Equal((1, 1), (result.GetProperty("created").GetInt32(), result.GetProperty("skipped").GetInt32()));
        var created = Assert.Single(result.GetProperty("rows").EnumerateArray(), r => r.GetProperty("outcome").GetString() == "created");
        Assert.Equal((open, 3), (created.GetProperty("sectionId").GetInt64(), created.GetProperty("row").GetInt32()));
        var stored = Assert.Single(await StoredAsync(open));
        Assert.Equal((150.25m, "旧模板填报"), (stored.MonthActual, stored.Narrative));
    }

    [Fact]
    public async Task QueryParameters_AreCheckedLikeTheTemplates()
    {
        var template = await api.TemplateAsync();
        var content = new MultipartFormDataContent { { new ByteArrayContent(template), "file", "a.xlsx" } };
        await (await api.Client.PostAsync("/api/v1/imports/monthly-reports?period=2023-12", content))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "regionCode");
        await (await api.UploadAsync(template, period: "2024-03")).AssertProblemAsync(HttpStatusCode.BadRequest, "period");
    }

    [Fact]
    public async Task TwoUploadsOfTheSameNewMonthAtOnce_LeaveOneRevision()
    {
        var sectionId = await api.NewPlannedSectionAsync("IMP-RACE");
        var template = await api.TemplateAsync();
        var first = ImportFiles.Fill(template, sectionId, 100m);
        var second = ImportFiles.Fill(template, sectionId, 200m);

        var responses = await Task.WhenAll(api.UploadAsync(first), api.UploadAsync(second));
        var statuses = responses.Select(r => r.StatusCode).ToList();
        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        Assert.Contains(HttpStatusCode.OK, statuses);
        var stored = Assert.Single(await StoredAsync(sectionId));
        Assert.Contains(stored.MonthActual, new[] { 100m, 200m });
    }

    private async Task ApproveAsync(long sectionId, string period, decimal monthActual, decimal progress)
    {
        var url = $"/api/v1/sections/{sectionId}/reports/{period}";
        var body = JsonSerializer.Serialize(new { monthActual, physicalProgress = progress }, HttpAssertions.Json);
        Assert.Equal(HttpStatusCode.Created, (await api.Client.PutAsync(url, new StringContent(body, System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsync($"{url}/submit", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsync($"{url}/approve", null)).StatusCode);
    }

    private async Task<List<MonthlyReport>> StoredAsync(long sectionId, int month = 12)
    {
        await using var db = api.CreateDb();
        return await db.MonthlyReports.AsNoTracking().Where(r => r.SectionId == sectionId && r.Year == 2023 && r.Month == month).ToListAsync();
    }
}
