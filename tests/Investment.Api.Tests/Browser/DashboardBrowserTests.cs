using System.Globalization;
using System.Text.Json;
using Deque.AxeCore.Playwright;
using Investment.Api.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Investment.Api.Tests.Browser.BrowserFixture;

namespace Investment.Api.Tests.Browser;

/// <summary>
/// The leaders' dashboard in a real Chromium, as the 诸暨 leader uses it: the figures of the seed documents on the
/// cards, drill-down, a download, another county out of reach, the three layouts, the JavaScript it costs, and axe.
/// Screenshots go to test-output/screenshots/.
/// </summary>
[Trait("Category", "Slow")]
public sealed class DashboardBrowserTests(BrowserFixture app, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private const string KeyProjects = $"/dashboard/{Zhuji}?period=2023-12&scope=key_project";

    /// <summary>Opens a page of the app; on the sign-in page it signs in as 诸暨's leader and waits to be sent back.</summary>
    private async Task<IPage> OpenAsync(string path, int width = 1440, int height = 900, bool acceptDownloads = false)
    {
        var page = await app.NewPageAsync(width, height, acceptDownloads);
        await page.GotoAsync(path);
        await page.GetByTestId("login-email").WaitForAsync();
        await SignInAsync(page, app.ZhujiLeader.Email, app.ZhujiLeader.Password);
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
        return page;
    }

    private static string Percent(decimal ratio) =>
        Math.Round(ratio * 100m, 1, MidpointRounding.AwayFromZero).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private async Task<JsonElement> ApiAsync(string url) => await (await app.Client.GetAsync(url)).ReadAsync<JsonElement>();

    [Fact]
    public async Task Leader_SignsIn_LandsOnTheViewAsked_AndTheCardsShowTheApisFigures()
    {
        var page = await app.NewPageAsync();
        long javaScriptBytes = 0;
        var pending = new List<Task>();
        page.Response += (_, response) =>
        {
            if (response.Url.EndsWith(".js", StringComparison.Ordinal))
            {
                pending.Add(Task.Run(async () => Interlocked.Add(ref javaScriptBytes, (await response.Request.SizesAsync()).ResponseBodySize)));
            }
        };

        // Not signed in: the sign-in page, then back to exactly the view the link named.
        await page.GotoAsync(KeyProjects);
        await page.WaitForURLAsync(url => url.Contains("/login", StringComparison.Ordinal));
        await ScreenshotAsync(page, "01-sign-in");
        await SignInAsync(page, app.ZhujiLeader.Email, app.ZhujiLeader.Password);
        await page.WaitForURLAsync(url => url.EndsWith(KeyProjects, StringComparison.Ordinal));

        // 2023-12, key projects: 61.5亿 planned, 63.7亿 done, 103.6% (the 诸暨 document).
        var figures = (await ApiAsync($"/api/v1/regions/{Zhuji}/figures?period=2023-12&scope=key_project")).GetProperty("figures");
        Assert.Equal("103.6%", Percent(figures.GetProperty("completionRate").GetDecimal()));
        await Assertions.Expect(page.GetByTestId("card-completion")).ToHaveTextAsync("103.6%");
        await Assertions.Expect(page.GetByTestId("card-plan")).ToContainTextAsync("61.50");
        await Assertions.Expect(page.GetByTestId("card-ytd")).ToContainTextAsync("63.70");
        await page.GetByTestId("chart-ranking").WaitForAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Task.WhenAll(pending.ToArray());
        await ScreenshotAsync(page, "02-dashboard-laptop-key-projects");

        var kilobytes = javaScriptBytes / 1024.0;
        output.WriteLine($"JavaScript downloaded until the 诸暨 dashboard rendered: {kilobytes:0.0} KB (gzip, as sent)");
        await File.WriteAllTextAsync(Path.Combine(ScreenshotDirectory, "..", "dashboard-javascript.txt"),
            $"JavaScript downloaded until the 诸暨 dashboard rendered: {kilobytes:0.0} KB as sent (gzip); budget 500 KB\n");
        Assert.InRange(javaScriptBytes, 10_000, 500 * 1024);

        // Effective investment: 154.3% of the assessed task 39.8亿, 同比增长 69.9%.
        await page.GotoAsync($"/dashboard/{Zhuji}?period=2023-12&scope=effective");
        await Assertions.Expect(page.GetByTestId("card-task-completion")).ToHaveTextAsync("154.3%");
        await Assertions.Expect(page.GetByTestId("card-yoy")).ToContainTextAsync("69.9%");
        await Assertions.Expect(page.GetByTestId("card-task")).ToContainTextAsync("39.80");
        await Assertions.Expect(page.GetByTestId("card-rank")).ToContainTextAsync("1");
        await page.GetByTestId("chart-trend").WaitForAsync();
        await ScreenshotAsync(page, "03-dashboard-laptop-effective");
    }

    [Fact]
    public async Task MidYear_TheForecastCardAndTheDashedForecastOnTheCurve()
    {
        var page = await OpenAsync($"/dashboard/{Zhuji}?period=2023-07&scope=effective");
        var response = await ApiAsync($"/api/v1/regions/{Zhuji}/figures?period=2023-07&scope=effective");
        var forecast = response.GetProperty("forecast");
        var yi = Math.Round(forecast.GetProperty("yearEnd").GetDecimal() / 10000m, 2, MidpointRounding.AwayFromZero)
            .ToString("0.00", CultureInfo.InvariantCulture);
        var taskLabel = forecast.GetProperty("taskOutlook").GetString() switch
        {
            "met" => "年度任务达成",
            "atRisk" => "年度任务有风险",
            "missed" => "年度任务难以完成",
            var other => throw new InvalidOperationException($"诸暨 has an effective-scope task in 2023, so an outlook, not {other}"),
        };

        await Assertions.Expect(page.GetByTestId("card-forecast")).ToContainTextAsync(yi);
        var card = page.Locator(".kpi", new() { Has = page.GetByTestId("card-forecast") });
        await Assertions.Expect(card).ToContainTextAsync("80%区间");
        await Assertions.Expect(card).ToContainTextAsync(taskLabel);
        var trend = page.GetByTestId("chart-trend");
        await Assertions.Expect(trend).ToHaveAttributeAsync("data-dashed-series", "预计全年完成");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await ScreenshotAsync(page, "09-dashboard-forecast-2023-07");
        await trend.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, "10-forecast-curve.png") });
    }

    [Fact]
    public async Task AnotherCountysUrl_ReadsAsNoSuchRegion()
    {
        var page = await OpenAsync($"/dashboard/{Wenling}?period=2023-12");

        var message = page.GetByTestId("error-message").First;
        await Assertions.Expect(message).ToBeVisibleAsync();
        await Assertions.Expect(message).ToContainTextAsync("没有");
        await Assertions.Expect(page.GetByTestId("card-ytd")).ToHaveCountAsync(0);
        await ScreenshotAsync(page, "04-other-county-not-found");
    }

    [Fact]
    public async Task Drilldown_FromTheDashboard_ToAProject_ToASectionsMonths()
    {
        var page = await OpenAsync($"/dashboard/{Zhuji}?period=2023-12&scope=effective");
        await page.GetByTestId("lagging-projects").WaitForAsync();
        var rows = page.GetByTestId("lagging-row");
        await Assertions.Expect(rows.First).ToBeVisibleAsync();
        Assert.True(await rows.CountAsync() > 0, "2023 has effective-scope projects behind their plan in the seed data (石东线 …)");

        await rows.First.GetByRole(AriaRole.Link).ClickAsync();
        await page.GetByTestId("project-view").WaitForAsync();
        Assert.Contains("/projects/", page.Url, StringComparison.Ordinal);
        await page.GetByTestId("project-sections").WaitForAsync();
        await ScreenshotAsync(page, "05-project");

        await page.GetByTestId("project-sections").GetByRole(AriaRole.Link).First.ClickAsync();
        await page.GetByTestId("section-view").WaitForAsync();
        var months = page.GetByTestId("section-month");
        await Assertions.Expect(months.First).ToBeVisibleAsync();
        Assert.True(await months.CountAsync() >= 6);
        await ScreenshotAsync(page, "06-section-months");

        // The back button returns along the way the leader came.
        await page.GoBackAsync();
        await page.GetByTestId("project-view").WaitForAsync();
    }

    [Fact]
    public async Task DownloadButton_GivesTheRankingSheet()
    {
        var page = await OpenAsync($"/dashboard/{Zhuji}?period=2023-12&scope=effective", acceptDownloads: true);
        await page.GetByTestId("card-ytd").WaitForAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-ranking").ClickAsync());

        Assert.EndsWith(".xlsx", download.SuggestedFilename, StringComparison.Ordinal);
        var path = await download.PathAsync();
        var head = new byte[2];
        await using (var file = File.OpenRead(path))
        {
            Assert.Equal(2, await file.ReadAsync(head));
        }
        Assert.Equal("PK"u8.ToArray(), head);
    }

    [Fact]
    public async Task WallScreen_IsDarkAndFillsTheScreen()
    {
        var page = await OpenAsync($"/dashboard/{Zhuji}?period=2023-12&scope=effective&wall=1", 1920, 1080);
        await page.GetByTestId("chart-ranking").WaitForAsync();
        await page.GetByTestId("card-ytd").WaitForAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await ScreenshotAsync(page, "07-dashboard-wall-1920x1080");

        var background = await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.wall') ?? document.body).backgroundColor");
        var rgb = background.Replace("rgba(", "", StringComparison.Ordinal).Replace("rgb(", "", StringComparison.Ordinal).TrimEnd(')')
            .Split(',').Take(3).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        Assert.True(rgb.Average() < 80, $"The wall screen's background is dark, not {background}");
    }

    [Fact]
    public async Task Phone_StacksTheCards_WithoutSidewaysScrolling()
    {
        var page = await OpenAsync($"/dashboard/{Zhuji}?period=2023-12&scope=effective", 375, 812);
        await page.GetByTestId("card-ytd").WaitForAsync();
        await page.GetByTestId("chart-ranking").WaitForAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await ScreenshotAsync(page, "08-dashboard-phone-375");

        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 376, "no sideways scrolling at 375 px");
        var plan = await page.GetByTestId("card-plan").BoundingBoxAsync();
        var ytd = await page.GetByTestId("card-ytd").BoundingBoxAsync();
        Assert.True(plan is not null && ytd is not null && ytd.Y > plan.Y, "cards stack vertically on a phone");
    }

    [Theory]
    [InlineData("dashboard", "/dashboard/330681?period=2023-12&scope=effective", "card-ytd")]
    [InlineData("missing-reports", "/regions/330681/missing-reports?period=2023-12", "missing-reports-view")]
    [InlineData("findings", "/regions/330681/findings?period=2023-12", "findings-view")]
    public async Task Views_HaveNoCriticalAccessibilityViolation(string name, string path, string ready)
    {
        var page = await OpenAsync(path);
        await page.GetByTestId(ready).First.WaitForAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        var result = await page.RunAxe();

        var critical = result.Violations.Where(v => v.Impact == "critical").ToList();
        Assert.True(critical.Count == 0, $"{name}: " + string.Join("; ", critical.Select(v => $"{v.Id}: {v.Help} ({v.Nodes.Length} nodes)")));
    }

    [Fact]
    public async Task ProjectAndSectionViews_HaveNoCriticalAccessibilityViolation()
    {
        var project = (await ApiAsync($"/api/v1/projects?regionCode={Zhuji}&q=ZJ-KEZHU")).GetProperty("items")[0];
        var page = await OpenAsync($"/projects/{project.GetProperty("id").GetInt64()}?period=2023-12");
        await page.GetByTestId("project-sections").WaitForAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var onProject = (await page.RunAxe()).Violations.Where(v => v.Impact == "critical").Select(v => v.Id).ToList();

        await page.GetByTestId("project-sections").GetByRole(AriaRole.Link).First.ClickAsync();
        await page.GetByTestId("section-month").First.WaitForAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var onSection = (await page.RunAxe()).Violations.Where(v => v.Impact == "critical").Select(v => v.Id).ToList();

        Assert.Empty(onProject);
        Assert.Empty(onSection);
    }
}
