using System.Text.Json;
using Investment.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Investment.Api.Tests.Browser.BrowserFixture;

namespace Investment.Api.Tests.Browser;

/// <summary>
/// The whole monthly cycle in a real Chromium, every step on the screens of the user whose job it is: 诸暨's planning
/// section enters the 2024 plan of 柯诸高速诸暨段; its headquarters fills and submits 2024-01; planning returns it with a
/// reason; headquarters corrects and resubmits; planning approves and rolls the month up; the leaders' dashboard shows
/// the amount entered as 诸暨's 1-1月完成. Its own fixture: no other test touches 诸暨's 2024 figures here.
/// Screenshots: test-output/screenshots/cycle-*.png.
/// </summary>
[Trait("Category", "Slow")]
public sealed class MonthlyCycleBrowserTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    private const string Month = "2024-01";

    private static ILocator Row(IPage page, string inner) => page.Locator("tr.el-table__row").Filter(new() { Has = page.Locator(inner) });

    private static async Task ShotAsync(IPage page, string name)
    {
        await page.WaitForTimeoutAsync(400);
        await ScreenshotAsync(page, name);
    }

    private Task<(long ProjectId, long SectionId)> KezhuAsync() => SectionOfAsync("ZJ-KEZHU");

    private async Task<(long ProjectId, long SectionId)> SectionOfAsync(string projectCode)
    {
        await using var db = app.CreateDb();
        var section = await db.Sections.Where(s => s.Project!.Code == projectCode).OrderBy(s => s.Id)
            .Select(s => new { s.ProjectId, s.Id }).FirstAsync();
        return (section.ProjectId, section.Id);
    }

    private async Task<JsonElement> ReportAsync(long sectionId) =>
        await (await app.Client.GetAsync($"/api/v1/sections/{sectionId}/reports/{Month}")).ReadAsync<JsonElement>();

    [Fact]
    public async Task PlanReportReturnResubmitApproveRollUp_TheDashboardShowsTheAmountEntered()
    {
        var (projectId, sectionId) = await KezhuAsync();
        var planner = await app.CreateUserAsync("planning", regionCodes: [Zhuji]);
        var headquartersUser = await app.CreateUserAsync("headquarters", sectionIds: [sectionId]);

        // 1. Planning enters the 2024 plan on 项目与计划.
        var planning = await app.SignedInPageAsync($"/plans/projects/{projectId}", planner);
        await planning.GetByTestId("plan-form").WaitForAsync();
        await planning.GetByTestId("plan-year").SelectOptionAsync("2024");
        await planning.GetByTestId("plan-amount").FillAsync("180,000");
        await planning.GetByTestId("plan-target").FillAsync("85");
        await planning.GetByTestId("plan-save").ClickAsync();
        await Assertions.Expect(planning.GetByTestId("plan-saved")).ToContainTextAsync("2024年度计划已保存");
        await ShotAsync(planning, "cycle-01-plan");
        var plans = await (await app.Client.GetAsync($"/api/v1/sections/{sectionId}/plans")).ReadAsync<JsonElement>();
        Assert.Contains(plans.EnumerateArray(), p => p.GetProperty("year").GetInt32() == 2024 && p.GetProperty("plannedInvestment").GetDecimal() == 180000m);

        // 2. Headquarters fills and submits 2024-01 from 我的标段.
        var headquarters = await app.SignedInPageAsync($"/my-sections?period={Month}", headquartersUser);
        var mine = headquarters.Locator($"[data-testid=my-section-row][data-section-id='{sectionId}']");
        await Assertions.Expect(mine).ToHaveAttributeAsync("data-state", "missing");
        await mine.GetByTestId("open-report").ClickAsync();
        await headquarters.GetByTestId("report-form").WaitForAsync();
        await Assertions.Expect(headquarters.GetByTestId("plan-investment")).ToContainTextAsync("180,000.00 万元");
        await headquarters.GetByTestId("input-month-actual").FillAsync("21000");
        await headquarters.GetByTestId("input-physical-progress").FillAsync("70");
        await headquarters.GetByTestId("input-narrative").FillAsync("完成T梁预制40片，路基填方1.1万方");
        await headquarters.GetByTestId("submit-report").ClickAsync();
        await Assertions.Expect(headquarters.GetByTestId("report-status")).ToContainTextAsync("已提交");
        await ShotAsync(headquarters, "cycle-02-submitted");

        // 3. Planning returns it with a reason on 审核.
        await planning.GotoAsync($"/review?period={Month}");
        var queued = Row(planning, $"[data-section-id='{sectionId}']");
        await Assertions.Expect(queued).ToContainTextAsync("21,000.00");
        await queued.GetByTestId("return-button").ClickAsync();
        const string reason = "本月完成投资含下月计量，请按监理签认的23,400万元重报";
        await planning.Locator(".el-dialog textarea").FillAsync(reason);
        await planning.GetByTestId("return-submit").ClickAsync();
        await Assertions.Expect(queued.GetByTestId("review-result")).ToHaveTextAsync("已退回");
        await ShotAsync(planning, "cycle-03-returned");

        // 4. Headquarters sees why, corrects and resubmits.
        await headquarters.GotoAsync($"/my-sections?period={Month}");
        await Assertions.Expect(mine).ToHaveAttributeAsync("data-state", "returned");
        await Assertions.Expect(headquarters.GetByTestId("return-reason")).ToContainTextAsync(reason);
        await mine.GetByTestId("open-report").ClickAsync();
        await Assertions.Expect(headquarters.GetByTestId("return-reason")).ToContainTextAsync(reason);
        await headquarters.GetByTestId("input-month-actual").FillAsync("23400");
        await headquarters.GetByTestId("submit-report").ClickAsync();
        await Assertions.Expect(headquarters.GetByTestId("report-status")).ToContainTextAsync("已提交");
        await ShotAsync(headquarters, "cycle-04-resubmitted");

        // 5. Planning approves it and rolls the month up.
        await planning.GotoAsync($"/review?period={Month}");
        await Assertions.Expect(queued).ToContainTextAsync("23,400.00");
        await queued.GetByTestId("approve-button").ClickAsync();
        await Assertions.Expect(queued.GetByTestId("review-result")).ToHaveTextAsync("已审核通过");
        var approved = (await ReportAsync(sectionId)).GetProperty("approved");
        Assert.Equal(23400m, approved.GetProperty("monthActual").GetDecimal());
        await planning.GotoAsync($"/rollups?period={Month}");
        await planning.GetByTestId("start-rollup").ClickAsync();
        await Assertions.Expect(planning.GetByTestId("rollup-panel").GetByTestId("job-status")).ToHaveTextAsync("完成", new() { Timeout = 90_000 });
        await ShotAsync(planning, "cycle-05-rolled-up");

        // 6. The leaders' dashboard: 诸暨 1-1月完成 is the amount entered (2.34 亿元), and so is the API's figure.
        var leader = await app.SignedInPageAsync($"/dashboard/{Zhuji}?period={Month}&scope=effective", app.ZhujiLeader);
        var ytd = leader.GetByTestId("card-ytd");
        await Assertions.Expect(ytd).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\s*2\.34\s*亿元\s*$"));
        await Assertions.Expect(leader.Locator(".kpi", new() { Has = ytd })).ToContainTextAsync("1月完成");
        await ShotAsync(leader, "cycle-06-dashboard");
        var figures = await (await app.Client.GetAsync($"/api/v1/regions/{Zhuji}/figures?period={Month}&scope=effective")).ReadAsync<JsonElement>();
        Assert.Equal(23400m, figures.GetProperty("figures").GetProperty("ytdActual").GetDecimal());
    }

    [Fact]
    public async Task CrossSiteFormPost_WithAValidSessionCookie_ChangesNothing()
    {
        // G235, 2024-01 (the fixture's clock is 2024-01-20): the cycle above uses 柯诸高速.
        var (_, sectionId) = await SectionOfAsync("ZJ-G235");
        var user = await app.CreateUserAsync("headquarters", sectionIds: [sectionId]);
        var page = await app.SignedInPageAsync($"/my-sections/{sectionId}/reports/2024-01", user);
        await page.GetByTestId("report-form").WaitForAsync();
        await page.GetByTestId("input-month-actual").FillAsync("10");
        await page.GetByTestId("save-draft").ClickAsync();
        await Assertions.Expect(page.GetByTestId("form-notice")).ToContainTextAsync("草稿已保存");
        var target = $"{app.ServerAddress}/api/v1/sections/{sectionId}/reports/2024-01/submit";

        // Another site's page posts a hidden form to the API in the signed-in browser.
        var evil = await page.Context.NewPageAsync();
        await evil.SetContentAsync($"<form id=f method=post action='{target}'><input name=monthActual value=99999></form>");
        await evil.EvaluateAsync("document.getElementById('f').submit()");
        await evil.WaitForURLAsync(url => url.EndsWith("/submit", StringComparison.Ordinal));
        // A script on the app's own origin with the cookie but without the token is refused as well.
        var status = await page.EvaluateAsync<int>($"fetch('{target}', {{ method: 'POST', credentials: 'same-origin' }}).then(r => r.status)");

        Assert.Equal(400, status);
        var report = await (await app.Client.GetAsync($"/api/v1/sections/{sectionId}/reports/2024-01")).ReadAsync<JsonElement>();
        var open = report.GetProperty("open");
        Assert.Equal(("draft", 10m), (open.GetProperty("status").GetString(), open.GetProperty("monthActual").GetDecimal()));
        Assert.Equal(1, report.GetProperty("history").GetArrayLength());
    }
}
