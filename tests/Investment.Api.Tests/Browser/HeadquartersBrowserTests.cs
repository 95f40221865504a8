using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Investment.Api.Features.Imports;
using Investment.Api.Tests.Features.Imports;
using Investment.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Investment.Api.Tests.Browser.BrowserFixture;

namespace Investment.Api.Tests.Browser;

/// <summary>
/// The project headquarters' screens in a real Chromium: 我的标段, the month's form (draft, submit, return and
/// resubmit, a stale edit, field errors), another section out of reach by URL, the Excel upload with bad rows, and a
/// land issue added and resolved. Each test has its own headquarters user scoped to seed sections of 诸暨 and works on
/// 2024-01 (the tests' clock stands at 2024-01-20), so the 2023 figures the dashboard tests assert stay as seeded.
/// Screenshots: test-output/screenshots/hq-*.png.
/// </summary>
[Trait("Category", "Slow")]
public sealed class HeadquartersBrowserTests(BrowserFixture app, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private const string Period = "2024-01";

    private async Task<long> SectionOfAsync(string projectCode)
    {
        await using var db = app.CreateDb();
        return await db.Sections.Where(s => s.Project!.Code == projectCode).OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
    }

    /// <summary>A 2024 plan, so the section is expected to report in 2024 (worklist and template list it).</summary>
    private async Task PlanAsync(long sectionId)
    {
        var put = await app.Client.PutAsJsonAsync($"/api/v1/sections/{sectionId}/plans/2024",
            new { plannedInvestment = 120000m, targetPhysicalProgress = 90m }, HttpAssertions.Json);
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
    }

    /// <summary>A headquarters user scoped to the sections, signed in through the app on <paramref name="path"/>, and the same user's API client.</summary>
    private async Task<(IPage Page, HttpClient Api)> HeadquartersAsync(string path, long[] sectionIds, bool acceptDownloads = false)
    {
        foreach (var id in sectionIds)
        {
            await PlanAsync(id);
        }
        var (email, password) = await app.CreateUserAsync("headquarters", sectionIds: sectionIds);
        var page = await app.NewPageAsync(acceptDownloads: acceptDownloads);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                output.WriteLine($"console: {message.Text}");
            }
        };
        await page.GotoAsync(path);
        await page.GetByTestId("login-email").WaitForAsync();
        await SignInAsync(page, email, password);
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
        return (page, await app.SignInAsync(email, password));
    }

    /// <summary>A full-page screenshot with CSS transitions run to their end (dialogs and tags fade in).</summary>
    private static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(ScreenshotDirectory, $"{name}.png"), FullPage = true, Animations = ScreenshotAnimations.Disabled,
        });

    private static string ReportUrl(long sectionId, string period = Period) => $"/api/v1/sections/{sectionId}/reports/{period}";

    private static async Task<JsonElement> ReportAsync(HttpClient client, long sectionId, string period = Period) =>
        await (await client.GetAsync(ReportUrl(sectionId, period))).ReadAsync<JsonElement>();

    private static ILocator Row(IPage page, long sectionId) => page.Locator($"[data-testid=my-section-row][data-section-id='{sectionId}']");

    [Fact]
    public async Task MySections_ShowTheStates_ThenADraftIsSavedSubmittedReturnedAndResubmitted()
    {
        var kezhu = await SectionOfAsync("ZJ-KEZHU");
        var g235 = await SectionOfAsync("ZJ-G235");
        var (page, hq) = await HeadquartersAsync($"/my-sections?period={Period}", [kezhu, g235]);
        // G235 has a draft already (made through the API before the page loads).
        var draft = await hq.PutAsJsonAsync(ReportUrl(g235), new { monthActual = 100m, physicalProgress = 57m }, HttpAssertions.Json);
        Assert.Equal(HttpStatusCode.Created, draft.StatusCode);
        await page.ReloadAsync();

        await Assertions.Expect(Row(page, kezhu)).ToHaveAttributeAsync("data-state", "missing");
        await Assertions.Expect(Row(page, kezhu).GetByTestId("section-state")).ToHaveTextAsync("未填报");
        await Assertions.Expect(Row(page, g235)).ToHaveAttributeAsync("data-state", "draft");
        await Assertions.Expect(Row(page, g235).GetByTestId("section-state")).ToHaveTextAsync("草稿");
        await Assertions.Expect(page.GetByTestId("deadline")).ToContainTextAsync("2024年1月月报 截止 2024-02-");
        // Last month (2023-12, approved in the seed data): 32,060 万元.
        await Assertions.Expect(Row(page, kezhu).GetByTestId("previous-actual")).ToContainTextAsync("32,060.00");
        await ShotAsync(page, "hq-01-my-sections");

        // Fill KEZHU's month and save it as a draft.
        await Row(page, kezhu).GetByTestId("open-report").ClickAsync();
        await page.GetByTestId("report-form").WaitForAsync();
        await Assertions.Expect(page.GetByTestId("previous-progress")).ToHaveTextAsync("68.80%");
        await Assertions.Expect(page.GetByTestId("plan-investment")).ToContainTextAsync("120,000.00 万元");
        await page.GetByTestId("input-month-actual").FillAsync("1234.5678");
        await page.GetByTestId("input-physical-progress").FillAsync("70.5");
        await page.GetByTestId("input-narrative").FillAsync("完成T梁预制42片，路基填方1.2万方");
        await page.GetByTestId("input-problems").FillAsync("店口镇青苗2处待处置");
        await page.GetByTestId("save-draft").ClickAsync();
        await Assertions.Expect(page.GetByTestId("form-notice")).ToContainTextAsync("草稿已保存");
        await Assertions.Expect(page.GetByTestId("report-status")).ToContainTextAsync("草稿");
        var saved = (await ReportAsync(hq, kezhu)).GetProperty("open");
        Assert.Equal("draft", saved.GetProperty("status").GetString());
        Assert.Equal(1234.5678m, saved.GetProperty("monthActual").GetDecimal());
        Assert.Equal(70.5m, saved.GetProperty("physicalProgress").GetDecimal());
        await ShotAsync(page, "hq-02-report-draft");

        // Submit with a double click: one request.
        var submits = 0;
        page.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.Url.EndsWith("/submit", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref submits);
            }
        };
        await page.GetByTestId("submit-report").DblClickAsync();
        await Assertions.Expect(page.GetByTestId("report-status")).ToContainTextAsync("已提交");
        await page.GetByTestId("submitted-note").WaitForAsync();
        await Assertions.Expect(page.GetByTestId("report-form")).ToHaveCountAsync(0);
        Assert.Equal(1, submits);
        Assert.Equal("submitted", (await ReportAsync(hq, kezhu)).GetProperty("open").GetProperty("status").GetString());

        // The planning section returns it.
        var planning = await app.ClientForAsync("planning", regionCodes: [Zhuji]);
        const string reason = "本月完成投资与计量台账不符，请核实后重报";
        var returned = await planning.PostAsJsonAsync($"{ReportUrl(kezhu)}/return", new { reason }, HttpAssertions.Json);
        Assert.True(returned.IsSuccessStatusCode, await returned.Content.ReadAsStringAsync());

        // 我的标段 shows the return and its reason; the form shows the reason too and takes the corrected figure.
        await page.GotoAsync($"/my-sections?period={Period}");
        await Assertions.Expect(Row(page, kezhu)).ToHaveAttributeAsync("data-state", "returned");
        await Assertions.Expect(page.GetByTestId("return-reason")).ToContainTextAsync(reason);
        await ShotAsync(page, "hq-03-my-sections-returned");
        await Row(page, kezhu).GetByTestId("open-report").ClickAsync();
        await Assertions.Expect(page.GetByTestId("return-reason")).ToContainTextAsync(reason);
        await Assertions.Expect(page.GetByTestId("report-status")).ToContainTextAsync("已退回");
        await Assertions.Expect(page.GetByTestId("input-month-actual")).ToHaveValueAsync("1234.5678");
        await ShotAsync(page, "hq-04-report-returned");
        await page.GetByTestId("input-month-actual").FillAsync("1200");
        await page.GetByTestId("submit-report").ClickAsync();
        await Assertions.Expect(page.GetByTestId("report-status")).ToContainTextAsync("已提交");
        var resubmitted = (await ReportAsync(hq, kezhu)).GetProperty("open");
        Assert.Equal("submitted", resubmitted.GetProperty("status").GetString());
        Assert.Equal(1200m, resubmitted.GetProperty("monthActual").GetDecimal());
        await ShotAsync(page, "hq-05-report-submitted");

        await page.GotoAsync($"/my-sections?period={Period}");
        await Assertions.Expect(Row(page, kezhu)).ToHaveAttributeAsync("data-state", "submitted");
        await Assertions.Expect(Row(page, kezhu).GetByTestId("section-state")).ToHaveTextAsync("已提交");
    }

    [Fact]
    public async Task StaleEdit_SaysSomeoneElseChangedIt_AndKeepsWhatWasTyped()
    {
        var section = await SectionOfAsync("ZJ-ZHUSHENG");
        var (page, hq) = await HeadquartersAsync($"/my-sections/{section}/reports/{Period}", [section]);
        var created = await hq.PutAsJsonAsync(ReportUrl(section), new { monthActual = 300m }, HttpAssertions.Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("input-month-actual")).ToHaveValueAsync("300");

        await page.GetByTestId("input-month-actual").FillAsync("456.7");
        await page.GetByTestId("input-narrative").FillAsync("页面中填写的进展");

        // Meanwhile someone else saves the month.
        var version = (await ReportAsync(hq, section)).GetProperty("open").GetProperty("version").GetString();
        var other = new HttpRequestMessage(HttpMethod.Put, ReportUrl(section)) { Content = JsonContent.Create(new { monthActual = 999m }) };
        other.Headers.TryAddWithoutValidation("If-Match", version);
        Assert.Equal(HttpStatusCode.OK, (await hq.SendAsync(other)).StatusCode);

        await page.GetByTestId("save-draft").ClickAsync();
        await Assertions.Expect(page.GetByTestId("stale-message")).ToContainTextAsync("已被他人修改");
        await Assertions.Expect(page.GetByTestId("input-month-actual")).ToHaveValueAsync("456.7");
        await Assertions.Expect(page.GetByTestId("input-narrative")).ToHaveValueAsync("页面中填写的进展");
        Assert.Equal(999m, (await ReportAsync(hq, section)).GetProperty("open").GetProperty("monthActual").GetDecimal());
        await ShotAsync(page, "hq-06-stale-edit");

        // 重新加载: the server's version comes in, the typed values stay; saving again now wins.
        await page.GetByTestId("reload-stale").ClickAsync();
        await Assertions.Expect(page.GetByTestId("form-notice")).ToContainTextAsync("已载入最新版本");
        await Assertions.Expect(page.GetByTestId("server-values")).ToContainTextAsync("999");
        await Assertions.Expect(page.GetByTestId("input-month-actual")).ToHaveValueAsync("456.7");
        await Assertions.Expect(page.GetByTestId("input-narrative")).ToHaveValueAsync("页面中填写的进展");
        await ShotAsync(page, "hq-07-stale-reloaded");
        await page.GetByTestId("save-draft").ClickAsync();
        await Assertions.Expect(page.GetByTestId("form-notice")).ToContainTextAsync("草稿已保存");
        var open = (await ReportAsync(hq, section)).GetProperty("open");
        Assert.Equal(456.7m, open.GetProperty("monthActual").GetDecimal());
        Assert.Equal("页面中填写的进展", open.GetProperty("narrative").GetString());
    }

    [Fact]
    public async Task WithdrawDraft_AfterTheConfirmDialog_DeletesTheDraft_AndTheFormIsEmptyAgain()
    {
        var section = await SectionOfAsync("ZJ-CLXT");
        var (page, hq) = await HeadquartersAsync($"/my-sections/{section}/reports/{Period}", [section]);
        await page.GetByTestId("report-form").WaitForAsync();
        await Assertions.Expect(page.GetByTestId("withdraw-draft")).ToHaveCountAsync(0);
        await page.GetByTestId("input-month-actual").FillAsync("88");
        await page.GetByTestId("save-draft").ClickAsync();
        await Assertions.Expect(page.GetByTestId("form-notice")).ToContainTextAsync("草稿已保存");

        // Dismissed: nothing happens; accepted: the draft is gone.
        EventHandler<IDialog> dismiss = async (_, dialog) => await dialog.DismissAsync();
        page.Dialog += dismiss;
        await page.GetByTestId("withdraw-draft").ClickAsync();
        await Assertions.Expect(page.GetByTestId("report-status")).ToContainTextAsync("草稿");
        Assert.Equal(88m, (await ReportAsync(hq, section)).GetProperty("open").GetProperty("monthActual").GetDecimal());
        page.Dialog -= dismiss;
        string? question = null;
        page.Dialog += async (_, dialog) =>
        {
            question = dialog.Message;
            await dialog.AcceptAsync();
        };
        await page.GetByTestId("withdraw-draft").ClickAsync();

        await Assertions.Expect(page.GetByTestId("form-notice")).ToContainTextAsync("草稿已撤回");
        Assert.Contains("删除本月草稿", question, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByTestId("input-month-actual")).ToHaveValueAsync("");
        await Assertions.Expect(page.GetByTestId("withdraw-draft")).ToHaveCountAsync(0);
        Assert.Equal(JsonValueKind.Null, (await ReportAsync(hq, section)).GetProperty("open").ValueKind);
        await ShotAsync(page, "hq-15-draft-withdrawn");
    }

    [Fact]
    public async Task LettersFiveDecimalsAndProgressOver100_AreFieldMessages_AndNothingIsStored()
    {
        var section = await SectionOfAsync("ZJ-HEWEN");
        var (page, hq) = await HeadquartersAsync($"/my-sections/{section}/reports/{Period}", [section]);
        await page.GetByTestId("report-form").WaitForAsync();
        var writes = 0;
        page.Request += (_, request) =>
        {
            if (request.Method is "PUT" or "POST" && request.Url.Contains("/reports/", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref writes);
            }
        };

        await page.GetByTestId("input-month-actual").FillAsync("12a");
        await page.GetByTestId("input-physical-progress").FillAsync("101");
        await page.GetByTestId("save-draft").ClickAsync();
        await Assertions.Expect(page.GetByTestId("error-monthActual")).ToContainTextAsync("数字");
        await Assertions.Expect(page.GetByTestId("error-physicalProgress")).ToContainTextAsync("0到100");
        await Assertions.Expect(page.GetByTestId("form-error")).ToContainTextAsync("本次未保存");
        await ShotAsync(page, "hq-08-field-errors");

        await page.GetByTestId("input-month-actual").FillAsync("1.23456");
        await page.GetByTestId("input-physical-progress").FillAsync("50");
        await page.GetByTestId("submit-report").ClickAsync();
        await Assertions.Expect(page.GetByTestId("error-monthActual")).ToContainTextAsync("4位小数");
        await Assertions.Expect(page.GetByTestId("error-physicalProgress")).ToHaveCountAsync(0);

        Assert.Equal(0, writes);
        var report = await ReportAsync(hq, section);
        Assert.Equal(JsonValueKind.Null, report.GetProperty("open").ValueKind);
        Assert.Equal(0, report.GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task AnotherSectionsForm_ByUrl_ReadsAsNoSuchSection_WithNoForm()
    {
        var mine = await SectionOfAsync("ZJ-ZHUYI");
        var other = await SectionOfAsync("ZJ-S211");
        var (page, _) = await HeadquartersAsync($"/my-sections/{other}/reports/{Period}", [mine]);

        var message = page.GetByTestId("error-message");
        await Assertions.Expect(message).ToContainTextAsync("没有这个标段，或不在您的权限范围内");
        await Assertions.Expect(page.GetByTestId("report-form")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("input-month-actual")).ToHaveCountAsync(0);
        await ShotAsync(page, "hq-09-other-section-not-found");

        // A month that has not begun is no form either.
        await page.GotoAsync($"/my-sections/{mine}/reports/2024-03");
        await Assertions.Expect(page.GetByTestId("error-message")).ToContainTextAsync("没有2024年3月的月报");
        await Assertions.Expect(page.GetByTestId("report-form")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task ExcelUpload_WithTwoBadRows_ListsBothErrors_AndStoresNothing()
    {
        var s309 = await SectionOfAsync("ZJ-S309");
        var bdx = await SectionOfAsync("ZJ-BDX");
        var (page, hq) = await HeadquartersAsync($"/report-import?period={Period}", [s309, bdx], acceptDownloads: true);

        // The template through the page's own link.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-template").ClickAsync());
        Assert.EndsWith(".xlsx", download.SuggestedFilename, StringComparison.Ordinal);
        var template = await File.ReadAllBytesAsync(await download.PathAsync());

        int s309Row = 0, bdxRow = 0;
        var bad = ImportFiles.Edit(template, sheet =>
        {
            s309Row = sheet.RowOf(s309);
            bdxRow = sheet.RowOf(bdx);
            sheet.Set(s309Row, "G", CellSpec.Text("一百万"));
            sheet.Set(bdxRow, "G", CellSpec.Number(80m));
            sheet.Set(bdxRow, "H", CellSpec.Number(101m));
        });
        await page.GetByTestId("upload-file").SetInputFilesAsync(new FilePayload
        {
            Name = "月报.xlsx", MimeType = MonthlyReportTemplateWriter.ContentType, Buffer = bad,
        });
        await page.GetByTestId("upload-submit").ClickAsync();

        var rows = page.GetByTestId("import-error-row");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("import-headline")).ToContainTextAsync("未保存任何数据");
        await Assertions.Expect(rows.Nth(0).GetByTestId("import-error-row-number")).ToHaveTextAsync($"第{Math.Min(s309Row, bdxRow)}行");
        var s309Error = rows.Filter(new() { HasText = $"第{s309Row}行" });
        await Assertions.Expect(s309Error.GetByTestId("import-error-column")).ToHaveTextAsync(MonthlyReportSheet.MonthActual.Header);
        await Assertions.Expect(s309Error.GetByTestId("import-error-message")).Not.ToBeEmptyAsync();
        var bdxError = rows.Filter(new() { HasText = $"第{bdxRow}行" });
        await Assertions.Expect(bdxError.GetByTestId("import-error-column")).ToHaveTextAsync(MonthlyReportSheet.PhysicalProgress.Header);
        await Assertions.Expect(bdxError.GetByTestId("import-error-message")).Not.ToBeEmptyAsync();
        await ShotAsync(page, "hq-10-import-errors");

        foreach (var id in new[] { s309, bdx })
        {
            Assert.Equal(0, (await ReportAsync(hq, id)).GetProperty("history").GetArrayLength());
        }

        // Corrected, the same sheet saves both rows.
        var good = ImportFiles.Fill(ImportFiles.Fill(template, s309, 150m, 5m, "工可批复"), bdx, 80m, 30m, "路面施工");
        await page.GetByTestId("upload-file").SetInputFilesAsync(new FilePayload
        {
            Name = "月报.xlsx", MimeType = MonthlyReportTemplateWriter.ContentType, Buffer = good,
        });
        await page.GetByTestId("upload-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("import-summary")).ToContainTextAsync("新建 2 条");
        await Assertions.Expect(page.GetByTestId("import-row")).ToHaveCountAsync(2);
        await ShotAsync(page, "hq-11-import-saved");
        Assert.Equal(150m, (await ReportAsync(hq, s309)).GetProperty("open").GetProperty("monthActual").GetDecimal());
    }

    [Fact]
    public async Task ProgressBelowLastMonth_AsksForTheReason_AndAnApprovedMonthIsCorrected()
    {
        var section = await SectionOfAsync("ZJ-SDX"); // 2023-12: 60% physical progress
        var (page, hq) = await HeadquartersAsync($"/my-sections/{section}/reports/{Period}", [section]);
        await page.GetByTestId("report-form").WaitForAsync();
        await Assertions.Expect(page.GetByTestId("input-decrease-reason")).ToHaveCountAsync(0);

        await page.GetByTestId("input-month-actual").FillAsync("500");
        await page.GetByTestId("input-physical-progress").FillAsync("55");
        await page.GetByTestId("input-decrease-reason").WaitForAsync();
        await page.GetByTestId("save-draft").ClickAsync();
        await Assertions.Expect(page.GetByTestId("error-progressDecreaseReason")).ToContainTextAsync("60.00%");
        Assert.Equal(0, (await ReportAsync(hq, section)).GetProperty("history").GetArrayLength());

        await page.GetByTestId("input-decrease-reason").FillAsync("设计变更增加桥梁工程量，形象进度重新核算");
        await page.GetByTestId("submit-report").ClickAsync();
        await Assertions.Expect(page.GetByTestId("report-status")).ToContainTextAsync("已提交");

        var planning = await app.ClientForAsync("planning", regionCodes: [Zhuji]);
        var approved = await planning.PostAsync($"{ReportUrl(section)}/approve", null);
        Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("report-status")).ToContainTextAsync("已通过");
        await page.GetByTestId("approved-note").WaitForAsync();
        await Assertions.Expect(page.GetByTestId("value-month-actual")).ToHaveTextAsync("500.00 万元");
        await ShotAsync(page, "hq-15-report-approved");

        // 更正: a negative amount is allowed there, with a reason.
        await page.GetByTestId("correct-button").ClickAsync();
        await page.GetByTestId("input-month-actual").FillAsync("-50");
        await page.GetByTestId("correction-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("error-reason")).ToContainTextAsync("更正原因");
        await page.GetByTestId("input-correction-reason").FillAsync("1月计量重复计入，冲减550万元");
        await ShotAsync(page, "hq-16-correction");
        await page.GetByTestId("correction-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("form-notice")).ToContainTextAsync("更正稿");
        await Assertions.Expect(page.GetByTestId("report-status")).ToContainTextAsync("第2版");
        await page.GetByTestId("submit-report").ClickAsync();
        await Assertions.Expect(page.GetByTestId("report-status")).ToContainTextAsync("已提交");

        var open = (await ReportAsync(hq, section)).GetProperty("open");
        Assert.Equal(2, open.GetProperty("revision").GetInt32());
        Assert.Equal(-50m, open.GetProperty("monthActual").GetDecimal());
        Assert.Equal("1月计量重复计入，冲减550万元", open.GetProperty("correctionReason").GetString());
        Assert.Equal("submitted", open.GetProperty("status").GetString());
        await page.GetByTestId("report-history").WaitForAsync();
        await ShotAsync(page, "hq-17-correction-submitted");
    }

    [Fact]
    public async Task LandIssue_IsAdded_ThenResolved()
    {
        var section = await SectionOfAsync("ZJ-HDHT");
        var (page, hq) = await HeadquartersAsync("/land-issues", [section]);
        await page.GetByTestId("land-add").ClickAsync();
        await page.GetByTestId("land-form").WaitForAsync();
        await page.GetByTestId("land-section").SelectOptionAsync(section.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByTestId("land-kind").SelectOptionAsync("crops");
        await page.GetByTestId("land-reference").FillAsync("HD-2024-01");
        await page.GetByTestId("land-description").FillAsync("K3+200 青苗2亩未补偿，影响便道施工");
        await page.GetByTestId("land-town").FillAsync("浣东街道");
        await page.GetByTestId("land-unit").FillAsync("浣东街道办事处");
        await page.GetByTestId("land-identified").FillAsync("2024-01-08");
        await page.GetByTestId("land-due").FillAsync("2024-01-15");
        await ShotAsync(page, "hq-12-land-issue-dialog");
        await page.GetByTestId("land-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("land-notice")).ToContainTextAsync("已新增");

        var row = page.GetByTestId("land-row").Filter(new() { HasText = "K3+200" });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        // Due 2024-01-15, still open on 2024-01-20: overdue.
        await Assertions.Expect(row.GetByTestId("land-status")).ToHaveTextAsync("已逾期");
        await Assertions.Expect(row).ToContainTextAsync("青苗");
        await ShotAsync(page, "hq-13-land-issues");

        await row.GetByTestId("land-resolve").ClickAsync();
        await page.GetByTestId("land-resolved-on").FillAsync("2024-01-18");
        await page.GetByTestId("land-resolve-note").FillAsync("已签订青苗补偿协议");
        await page.GetByTestId("land-resolve-confirm").ClickAsync();
        await Assertions.Expect(page.GetByTestId("land-notice")).ToContainTextAsync("已解决");
        await Assertions.Expect(row.GetByTestId("land-status")).ToHaveTextAsync("已解决");
        await ShotAsync(page, "hq-14-land-resolved");

        var list = await (await hq.GetAsync($"/api/v1/land-issues?sectionId={section}&status=resolved&pageSize=200")).ReadAsync<JsonElement>();
        var issue = list.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("reference").GetString() == "HD-2024-01");
        Assert.Equal("2024-01-18", issue.GetProperty("resolvedOn").GetString());
        Assert.Equal("crops", issue.GetProperty("kind").GetString());
    }
}
