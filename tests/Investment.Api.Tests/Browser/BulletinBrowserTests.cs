using Microsoft.Playwright;
using static Investment.Api.Tests.Browser.BrowserFixture;

namespace Investment.Api.Tests.Browser;

/// <summary>
/// The monthly bulletin in the web app: on 诸暨's leadership dashboard and on the planning section's 汇总与导出 screen,
/// with the .docx download. Screenshots go to test-output/screenshots/.
/// </summary>
[Trait("Category", "Slow")]
public sealed class BulletinBrowserTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Leader_SeesTheMonthsBulletinOnTheDashboard_AndDownloadsItAsWord()
    {
        var page = await app.SignedInPageAsync($"/dashboard/{Zhuji}?period=2023-12&scope=key_project", app.ZhujiLeader, acceptDownloads: true);

        var text = page.GetByTestId("bulletin-text");
        await text.WaitForAsync();
        var content = await text.InnerTextAsync();
        Assert.Contains("一、投资完成情况", content, StringComparison.Ordinal);
        Assert.Contains("年度计划投资61.5亿元，1-12月完成63.7亿元，完成年度计划103.6%", content, StringComparison.Ordinal);
        Assert.Contains("完成年度任务的154.3%", content, StringComparison.Ordinal);
        Assert.Contains("政策处理问题200个，共处置完毕问题193个", content, StringComparison.Ordinal);
        await page.GetByTestId("bulletin").ScrollIntoViewIfNeededAsync();
        await ScreenshotAsync(page, "bulletin-dashboard");
        await page.GetByTestId("bulletin").ScreenshotAsync(new LocatorScreenshotOptions
        {
            Path = Path.Combine(ScreenshotDirectory, "bulletin-panel.png"),
        });

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-bulletin").ClickAsync());
        Assert.Equal("诸暨市2023年12月交通投资月度通报.docx", download.SuggestedFilename);
    }

    [Fact]
    public async Task Planner_SeesTheBulletinOnTheRollupScreen()
    {
        var planner = await app.CreateUserAsync("planning", regionCodes: [Zhuji]);
        var page = await app.SignedInPageAsync($"/rollups?regionCode={Zhuji}&period=2023-12", planner);

        var text = page.GetByTestId("bulletin-text");
        await text.WaitForAsync();
        Assert.Contains("63.7亿元", await text.InnerTextAsync(), StringComparison.Ordinal);
        await page.GetByTestId("bulletin").ScrollIntoViewIfNeededAsync();
        await ScreenshotAsync(page, "bulletin-planning");
    }
}
