using System.Net.Http.Json;
using System.Text.Json;
using Investment.Api.Tests.Features.Reporting;
using Investment.Api.Tests.Infrastructure;
using Microsoft.Playwright;
using static Investment.Api.Tests.Browser.BrowserFixture;

namespace Investment.Api.Tests.Browser;

/// <summary>
/// The administrators' screens in a real Chromium: a headquarters user created with its project scope, locked, and the
/// change in the audit trail; the settings and jobs pages; and a planning user who sees no administration at all.
/// Screenshots: test-output/screenshots/admin-*.png.
/// </summary>
[Trait("Category", "Slow")]
public sealed class AdminBrowserTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    private (string, string) Administrator => (ApiFixture.AdminEmail, app.AdminPassword);

    [Fact]
    public async Task Administrator_CreatesAHeadquartersUser_LocksIt_AndTheAuditListShowsTheChange()
    {
        var code = $"ADM-{Guid.NewGuid():N}"[..16];
        var (projectId, _) = await app.NewSectionAsync(code, Zhuji, "2024-01-01");
        var email = $"hq.{Guid.NewGuid():N}"[..16] + "@test.local";

        var page = await app.SignedInPageAsync("/admin/users", Administrator);
        await page.GetByTestId("user-table").WaitForAsync();
        await page.GetByTestId("user-create").ClickAsync();
        var dialog = page.Locator(".el-dialog").Filter(new() { HasText = "新建用户" });
        await dialog.GetByTestId("user-email").FillAsync(email);
        await dialog.GetByTestId("user-password").FillAsync("Zhuji-Hq-2024-pass");
        await dialog.GetByTestId("user-role").SelectOptionAsync("headquarters");

        // Without a project the form says what is missing, at the field.
        await page.GetByTestId("user-save").ClickAsync();
        await Assertions.Expect(dialog).ToContainTextAsync("至少选择一个项目或标段");

        await dialog.Locator(".el-select").First.ClickAsync();
        await page.Keyboard.TypeAsync(code);
        await page.Locator(".el-select-dropdown__item").Filter(new() { HasText = code }).First.ClickAsync();
        await dialog.Locator(".el-dialog__title").ClickAsync();
        await ScreenshotAsync(page, "admin-users-create");
        await page.GetByTestId("user-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("user-notice")).ToContainTextAsync("已创建");

        var users = await (await app.Client.GetAsync($"/api/v1/users?q={Uri.EscapeDataString(email)}")).ReadAsync<JsonElement>();
        var created = Assert.Single(users.GetProperty("items").EnumerateArray());
        Assert.Equal("headquarters", created.GetProperty("role").GetString());
        Assert.Equal([projectId], created.GetProperty("projectIds").EnumerateArray().Select(p => p.GetInt64()));

        await page.GetByTestId("user-search").FillAsync(email);
        await page.GetByTestId("user-search").PressAsync("Enter");
        var row = page.Locator("tr.el-table__row").Filter(new() { Has = page.Locator($"[data-email='{email}']") });
        await row.GetByTestId("user-lock").ClickAsync();
        await Assertions.Expect(row.GetByTestId("user-locked")).ToBeVisibleAsync();
        await Assertions.Expect(row.GetByTestId("user-unlock")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "admin-users");
        var locked = await (await app.Client.GetAsync($"/api/v1/users/{created.GetProperty("id").GetString()}")).ReadAsync<JsonElement>();
        Assert.NotEqual(JsonValueKind.Null, locked.GetProperty("lockedOutUntil").ValueKind);

        await page.GotoAsync("/admin/audit");
        await page.GetByTestId("audit-table").SelectOptionAsync("users");
        await page.GetByTestId("audit-actor").FillAsync(ApiFixture.AdminEmail);
        await page.GetByTestId("audit-search").ClickAsync();
        var newest = page.Locator("tr.el-table__row").First;
        await Assertions.Expect(newest).ToContainTextAsync(ApiFixture.AdminEmail);
        await Assertions.Expect(newest).ToContainTextAsync("修改");
        await Assertions.Expect(newest.GetByTestId("audit-changes")).ToContainTextAsync("锁定至");
        await Assertions.Expect(page.GetByTestId("audit-list")).ToContainTextAsync(email);
        await ScreenshotAsync(page, "admin-audit");
    }

    [Fact]
    public async Task Administrator_SeesTheSettingsAsPercentages_AndEveryJob()
    {
        var page = await app.SignedInPageAsync("/admin/settings", Administrator);
        await Assertions.Expect(page.GetByTestId("threshold-red")).ToHaveValueAsync("10");
        await page.GetByTestId("threshold-yellow").FillAsync("6");
        await page.GetByTestId("threshold-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("threshold-saved")).ToBeVisibleAsync();
        var thresholds = await (await app.Client.GetAsync("/api/v1/settings/lag-thresholds")).ReadAsync<JsonElement>();
        Assert.Equal(-0.06m, thresholds.GetProperty("yellowBelow").GetDecimal());
        await (await app.Client.PutAsJsonAsync("/api/v1/settings/lag-thresholds", new { yellowBelow = -0.05m, redBelow = -0.10m })).ReadAsync<JsonElement>();

        // 2024's assessed effective-investment task for 诸暨, typed in 万元 and a growth target in percent.
        await page.GetByTestId("region-select").SelectOptionAsync(Zhuji);
        await page.GetByTestId("target-year").SelectOptionAsync("2024");
        await page.GetByTestId("target-task-effective").FillAsync("420,000");
        await page.GetByTestId("target-growth-effective").FillAsync("8.5");
        await page.GetByTestId("target-save-effective").ClickAsync();
        await Assertions.Expect(page.GetByTestId("target-row-effective")).ToContainTextAsync("已保存");
        await ScreenshotAsync(page, "admin-settings");
        var targets = await (await app.Client.GetAsync($"/api/v1/regions/{Zhuji}/targets?year=2024")).ReadAsync<JsonElement[]>();
        var effective = Assert.Single(targets, t => t.GetProperty("scope").GetString() == "effective");
        Assert.Equal(420000m, effective.GetProperty("task").GetDecimal());
        Assert.Equal(0.085m, effective.GetProperty("growthTarget").GetDecimal());

        // The fixture's twelve 2023 roll-ups are on the jobs page, finished.
        await page.GotoAsync("/jobs");
        await Assertions.Expect(page.GetByTestId("job-row").First).ToBeVisibleAsync();
        Assert.True(await page.GetByTestId("job-row").CountAsync() >= 12);
        await ScreenshotAsync(page, "admin-jobs");

        // Hangfire's dashboard opens from there in a tab of its own, signed in with the same cookie, its scripts running
        // under its own Content-Security-Policy: the recurring jobs are listed, in the bureau's time zone.
        var violations = new List<string>();
        var dashboard = await page.Context.RunAndWaitForPageAsync(() => page.GetByTestId("jobs-dashboard-link").ClickAsync());
        dashboard.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                violations.Add(message.Text);
            }
        };
        Assert.EndsWith("/hangfire", dashboard.Url, StringComparison.Ordinal);
        await dashboard.GotoAsync("/hangfire"); // again, with the console watched from the start
        await dashboard.WaitForLoadStateAsync(Microsoft.Playwright.LoadState.NetworkIdle);
        await Assertions.Expect(dashboard.Locator(".navbar-brand")).ToContainTextAsync("Investment · 后台任务");
        await dashboard.GotoAsync("/hangfire/servers");
        await Assertions.Expect(dashboard.Locator("table")).ToContainTextAsync("default");
        await ScreenshotAsync(dashboard, "admin-hangfire-dashboard");
        Assert.Empty(violations);
    }

    [Fact]
    public async Task PlanningUser_SeesNoAdministration_AndTheUsersPageSaysNoPermission()
    {
        var planner = await app.CreateUserAsync("planning", regionCodes: [Zhuji]);
        var page = await app.SignedInPageAsync($"/plans", planner);
        await page.GetByTestId("nav-plans").WaitForAsync();
        await Assertions.Expect(page.GetByTestId("nav-review")).ToBeVisibleAsync();
        foreach (var entry in new[] { "admin-users", "admin-settings", "admin-audit" })
        {
            await Assertions.Expect(page.GetByTestId($"nav-{entry}")).ToHaveCountAsync(0);
        }

        await page.GotoAsync("/admin/users");
        await Assertions.Expect(page.GetByTestId("error-message")).ToContainTextAsync("无权");
        await Assertions.Expect(page.GetByTestId("user-table")).ToHaveCountAsync(0);
        await ScreenshotAsync(page, "admin-planning-no-permission");

        // Another county's project reads as unknown.
        await page.GotoAsync("/plans/projects/999999");
        await Assertions.Expect(page.GetByTestId("error-message")).ToContainTextAsync("没有这个项目");
    }
}
