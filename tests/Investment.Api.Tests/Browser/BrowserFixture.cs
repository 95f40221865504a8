using Investment.Api.Data;
using Investment.Api.Tests.Features.Jobs;
using Investment.Api.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Investment.Api.Tests.Browser;

/// <summary>
/// The app on a real port over the seed data, every month of 2023 rolled up, and Debian's Chromium driven by
/// Playwright (browsers cannot be downloaded here: the executable is the system's, INVESTMENT_CHROMIUM or
/// /usr/bin/chromium). Users are made through the users API with the demo roles, as the issue asks.
/// </summary>
public sealed class BrowserFixture : ApiFixture
{
    public const string Zhuji = "330681";
    public const string Wenling = "331081";

    protected override bool Seeded => true;

    protected override bool RealServer => true;

    public IPlaywright Playwright { get; private set; } = null!;

    // appsettings.json's Urls (localhost:5080) would otherwise win over UseKestrel(0) and collide with a running app.
    protected override void Configure(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder) =>
        builder.UseSetting("Urls", "http://127.0.0.1:0");

    public IBrowser Browser { get; private set; } = null!;

    public (string Email, string Password) ZhujiLeader { get; private set; }

    public static string ScreenshotDirectory { get; } =
        Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory)!, "test-output", "screenshots");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        for (var month = 1; month <= 12; month++)
        {
            JobPolling.AssertSucceeded(await JobPolling.RunAsync(Client, "/api/v1/rollups", new { period = $"2023-{month:00}" }));
        }
        ZhujiLeader = await CreateUserAsync("leadership", regionCodes: [Zhuji]);
        Assert.DoesNotContain(":5080", ServerAddress, StringComparison.Ordinal);

        Directory.CreateDirectory(ScreenshotDirectory);
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("INVESTMENT_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            // CI runs as root, where Chromium's sandbox cannot start.
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--lang=zh-CN"],
        });
    }

    /// <summary>A fresh browser context (its own cookies) of the given size, in Chinese and the bureau's time zone.</summary>
    public async Task<IPage> NewPageAsync(int width = 1440, int height = 900, bool acceptDownloads = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = ServerAddress,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            AcceptDownloads = acceptDownloads,
        });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the app's own sign-in page and waits for the page it lands on.</summary>
    public static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GetByTestId("login-email").FillAsync(email);
        await page.GetByTestId("login-password").FillAsync(password);
        await page.GetByTestId("login-submit").ClickAsync();
    }

    /// <summary>Opens <paramref name="path"/>, signs in on the sign-in page it lands on, and waits to be sent back there.</summary>
    public async Task<IPage> SignedInPageAsync(string path, (string Email, string Password) user, bool acceptDownloads = false)
    {
        var page = await NewPageAsync(acceptDownloads: acceptDownloads);
        await page.GotoAsync(path);
        await page.GetByTestId("login-email").WaitForAsync();
        await SignInAsync(page, user.Email, user.Password);
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
        return page;
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, $"{name}.png"), FullPage = true });

    public override async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await base.DisposeAsync();
    }
}
