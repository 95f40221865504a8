using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Investment.Api.Tests.Features.Reporting;
using Investment.Api.Tests.Infrastructure;
using Microsoft.Playwright;
using static Investment.Api.Tests.Browser.BrowserFixture;

namespace Investment.Api.Tests.Browser;

/// <summary>
/// The planning section's screens in a real Chromium, as 诸暨's 规划科 uses them: 审核 (return with a reason, approve
/// several with a result per row), 催报 (sections, headquarters e-mails, the xlsx), 项目与计划 (a 2024 plan whose
/// 12-month profile does not add up, then does), 汇总与导出 (a roll-up started from the page, its findings, an export
/// job's download). Only 2024 months and plans: 2023 is the dashboard's. Screenshots: test-output/screenshots/planning-*.png.
/// </summary>
[Trait("Category", "Slow")]
public sealed class PlanningBrowserTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    private const string Month = "2024-01";

    private async Task<(string Email, string Password)> PlannerAsync() => await app.CreateUserAsync("planning", regionCodes: [Zhuji]);

    /// <summary>A new project in 诸暨 with one section reporting from 2024-01.</summary>
    private async Task<(long ProjectId, long SectionId, string Name)> NewSectionAsync(string prefix)
    {
        var code = $"{prefix}-{Guid.NewGuid():N}"[..20];
        var (projectId, sectionId) = await app.NewSectionAsync(code, Zhuji, "2024-01-01");
        return (projectId, sectionId, $"报表测试{code}");
    }

    /// <summary>A headquarters user of the projects saves and submits each section's month, through the API.</summary>
    private async Task SubmitAsync(HttpClient headquarters, long sectionId, decimal monthActual)
    {
        var url = ReportingArrange.Url(sectionId, Month);
        var saved = await headquarters.PutAsJsonAsync(url, new { monthActual, physicalProgress = 12.5m, narrative = "路基施工，完成土方2万方" });
        await saved.ReadAsync<JsonElement>(HttpStatusCode.Created);
        await (await headquarters.PostAsync($"{url}/submit", null)).ReadAsync<JsonElement>();
    }

    private static ILocator Row(IPage page, string inner) => page.Locator("tr.el-table__row").Filter(new() { Has = page.Locator(inner) });

    private async Task<string?> StatusAsync(long sectionId)
    {
        var report = await app.GetReportAsync(sectionId, Month);
        var open = report.GetProperty("open");
        return open.ValueKind == JsonValueKind.Null ? report.GetProperty("approved").GetProperty("status").GetString() : open.GetProperty("status").GetString();
    }

    private static async Task<byte[]> HeadAsync(IDownload download)
    {
        var head = new byte[2];
        await using var file = File.OpenRead(await download.PathAsync());
        Assert.Equal(2, await file.ReadAsync(head));
        return head;
    }

    [Fact]
    public async Task Review_ShowsSubmittedReports_ReturnsWithAReason_AndApprovesSeveralWithAResultPerRow()
    {
        var one = await NewSectionAsync("RV1");
        var two = await NewSectionAsync("RV2");
        var three = await NewSectionAsync("RV3");
        (await app.Client.PutAsJsonAsync($"/api/v1/sections/{one.SectionId}/plans/2024", new { plannedInvestment = 1200m })).EnsureSuccessStatusCode();
        var headquarters = await app.ClientForAsync("headquarters", projectIds: [one.ProjectId, two.ProjectId, three.ProjectId]);
        await SubmitAsync(headquarters, one.SectionId, 150.5m);
        await SubmitAsync(headquarters, two.SectionId, 88m);
        await SubmitAsync(headquarters, three.SectionId, 42.25m);

        var page = await app.SignedInPageAsync($"/review?period={Month}", await PlannerAsync());
        var first = Row(page, $"[data-section-id='{one.SectionId}']");
        await Assertions.Expect(first).ToBeVisibleAsync();
        await Assertions.Expect(first).ToContainTextAsync("150.50");
        await Assertions.Expect(first).ToContainTextAsync("1,200.00");
        await Assertions.Expect(Row(page, $"[data-section-id='{three.SectionId}']")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "planning-review");

        // Return with a reason: the dialog asks for it, the row says so, and the headquarters sees the reason.
        await first.GetByTestId("return-button").ClickAsync();
        await page.GetByTestId("return-submit").ClickAsync();
        await Assertions.Expect(page.Locator(".el-dialog")).ToContainTextAsync("请填写退回原因");
        await page.Locator(".el-dialog textarea").FillAsync("本月完成投资与监理月报不符，请核实");
        await ScreenshotAsync(page, "planning-review-return");
        await page.GetByTestId("return-submit").ClickAsync();
        await Assertions.Expect(first.GetByTestId("review-result")).ToHaveTextAsync("已退回");
        Assert.Equal("returned", await StatusAsync(one.SectionId));
        var returned = await app.GetReportAsync(one.SectionId, Month);
        Assert.Equal("本月完成投资与监理月报不符，请核实", returned.GetProperty("open").GetProperty("returnReason").GetString());

        // Someone else returns the third report meanwhile: approving both gives one success and one stale-edit message.
        await (await app.StepAsync(three.SectionId, Month, "return", new { reason = "另行处理" })).ReadAsync<JsonElement>();
        var second = Row(page, $"[data-section-id='{two.SectionId}']");
        var third = Row(page, $"[data-section-id='{three.SectionId}']");
        await second.Locator(".el-checkbox").ClickAsync();
        await third.Locator(".el-checkbox").ClickAsync();
        await Assertions.Expect(page.GetByTestId("approve-selected")).ToContainTextAsync("2");
        await page.GetByTestId("approve-selected").ClickAsync();
        await Assertions.Expect(second.GetByTestId("review-result")).ToHaveTextAsync("已审核通过");
        await Assertions.Expect(third.GetByTestId("review-result")).ToContainTextAsync("他人修改");
        await Assertions.Expect(third.GetByTestId("approve-button")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("approve-selected")).ToContainTextAsync("（0）");
        await ScreenshotAsync(page, "planning-review-results");
        Assert.Equal("approved", await StatusAsync(two.SectionId));
        Assert.Equal("returned", await StatusAsync(three.SectionId));
    }

    [Fact]
    public async Task Reminders_ListTheSectionsWithTheirHeadquarters_AndTheListDownloadsAsXlsx()
    {
        var section = await NewSectionAsync("RM");
        // A plan is not needed to be expected to report; this one gives the list a plan to show.
        (await app.Client.PutAsJsonAsync($"/api/v1/sections/{section.SectionId}/plans/2024", new { plannedInvestment = 600m })).EnsureSuccessStatusCode();
        var (hqEmail, _) = await app.CreateUserAsync("headquarters", projectIds: [section.ProjectId]);

        var page = await app.SignedInPageAsync($"/reminders?period={Month}", await PlannerAsync(), acceptDownloads: true);
        var row = page.Locator("tr.el-table__row").Filter(new() { HasText = section.Name });
        await Assertions.Expect(row).ToBeVisibleAsync();
        await Assertions.Expect(row).ToContainTextAsync("未填报");
        await Assertions.Expect(row).ToContainTextAsync(hqEmail);
        await Assertions.Expect(page.GetByTestId("missing-counts")).ToContainTextAsync("应报");
        await ScreenshotAsync(page, "planning-reminders");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-missing").ClickAsync());
        Assert.EndsWith(".xlsx", download.SuggestedFilename, StringComparison.Ordinal);
        Assert.Equal("PK"u8.ToArray(), await HeadAsync(download));

        // The reminder job: the same list, made in the background.
        await page.GetByTestId("start-reminder").ClickAsync();
        await Assertions.Expect(page.GetByTestId("job-status")).ToHaveTextAsync("完成", new() { Timeout = 60_000 });
    }

    [Fact]
    public async Task AnnualPlan_AProfileThatDoesNotAddUp_ShowsTheMismatch_ThenSavesWhenItDoes()
    {
        var section = await NewSectionAsync("PL");
        var page = await app.SignedInPageAsync($"/plans", await PlannerAsync());
        await page.GetByTestId("project-search").FillAsync(section.Name);
        await page.GetByTestId("project-search").PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("project-link").Filter(new() { HasText = section.Name })).ToBeVisibleAsync();
        await page.GetByTestId("project-search").FillAsync("");
        await page.GetByTestId("project-search").PressAsync("Enter");
        await page.GetByTestId("project-link").First.WaitForAsync();
        await ScreenshotAsync(page, "planning-plans");

        await page.GotoAsync($"/plans/projects/{section.ProjectId}");
        await page.GetByTestId("plan-form").WaitForAsync();
        await page.GetByTestId("plan-year").SelectOptionAsync("2024");
        await page.GetByTestId("plan-amount").FillAsync("1,200");
        await page.GetByTestId("plan-profile-toggle").CheckAsync();
        for (var month = 1; month <= 12; month++)
        {
            await page.GetByTestId($"profile-month-{month}").FillAsync(month == 12 ? "99.5" : "100");
        }
        var sum = page.GetByTestId("profile-sum");
        await Assertions.Expect(sum).ToHaveAttributeAsync("data-matches", "false");
        await Assertions.Expect(sum).ToContainTextAsync("不符");
        await Assertions.Expect(sum).ToContainTextAsync("0.5000");

        // Sent as it is, the API refuses it with its own message, shown at the profile.
        await page.GetByTestId("plan-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("profile-error")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "planning-plan-mismatch");
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync($"/api/v1/sections/{section.SectionId}/plans")).StatusCode);
        Assert.Empty(await (await app.Client.GetAsync($"/api/v1/sections/{section.SectionId}/plans")).ReadAsync<JsonElement[]>());

        await page.GetByTestId("profile-month-12").FillAsync("100");
        await Assertions.Expect(sum).ToHaveAttributeAsync("data-matches", "true");
        await Assertions.Expect(sum).ToContainTextAsync("一致");
        await page.GetByTestId("plan-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("plan-saved")).ToContainTextAsync("2024年度计划已保存");
        await Assertions.Expect(page.GetByTestId("plan-list")).ToContainTextAsync("1,200.00");
        await ScreenshotAsync(page, "planning-plan-project");

        var plans = await (await app.Client.GetAsync($"/api/v1/sections/{section.SectionId}/plans")).ReadAsync<JsonElement[]>();
        var plan = Assert.Single(plans);
        Assert.Equal(2024, plan.GetProperty("year").GetInt32());
        Assert.Equal(1200m, plan.GetProperty("plannedInvestment").GetDecimal());
        Assert.Equal(12, plan.GetProperty("monthlyProfile").GetArrayLength());
    }

    [Fact]
    public async Task Rollup_StartedFromThePage_ReachesDone_ShowsItsFindings_AndAnExportJobGivesADownload()
    {
        // A section with a 2024 plan and no report for the month: the roll-up finds the month missing.
        var section = await NewSectionAsync("RU");
        (await app.Client.PutAsJsonAsync($"/api/v1/sections/{section.SectionId}/plans/2024", new { plannedInvestment = 2400m })).EnsureSuccessStatusCode();
        var page = await app.SignedInPageAsync($"/rollups?period={Month}", await PlannerAsync(), acceptDownloads: true);
        await page.GetByTestId("rollup-state").WaitForAsync();
        await Assertions.Expect(page.GetByTestId("rollup-state")).ToContainTextAsync("尚未汇总");

        await page.GetByTestId("start-rollup").ClickAsync();
        var panel = page.GetByTestId("rollup-panel");
        await Assertions.Expect(panel.GetByTestId("job-status")).ToHaveTextAsync("完成", new() { Timeout = 90_000 });
        await Assertions.Expect(page.GetByTestId("rollup-outcome")).ToBeVisibleAsync();
        // 2024-01 has no approved reports yet: the roll-up lists the missing months as findings.
        await Assertions.Expect(page.GetByTestId("finding-row").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("findings-table")).ToContainTextAsync("月报缺报");

        var export = page.GetByTestId("export-project-detail");
        await export.GetByTestId("export-job-project-detail").ClickAsync();
        var link = export.GetByTestId("job-download");
        await Assertions.Expect(link).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await ScreenshotAsync(page, "planning-rollups");
        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        Assert.EndsWith(".xlsx", download.SuggestedFilename, StringComparison.Ordinal);
        Assert.Equal("PK"u8.ToArray(), await HeadAsync(download));

        // The small ones download straight away.
        var ranking = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-download-county-ranking").ClickAsync());
        Assert.Equal("PK"u8.ToArray(), await HeadAsync(ranking));

        // The planner's jobs page lists both jobs.
        await page.GotoAsync("/jobs");
        await Assertions.Expect(page.GetByTestId("job-row")).ToHaveCountAsync(2);
        await ScreenshotAsync(page, "planning-jobs");
    }
}
