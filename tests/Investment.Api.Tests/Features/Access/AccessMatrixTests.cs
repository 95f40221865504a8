using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Investment.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.DependencyInjection;
using static Investment.Api.Tests.Features.Access.AccessMatrixFixture;

namespace Investment.Api.Tests.Features.Access;

/// <summary>How a row's object relates to the caller.</summary>
public enum Kind
{
    /// <summary>No credentials needed (health, OpenAPI, sign-in).</summary>
    Open,

    /// <summary>Any signed-in user, whatever their role (their own account).</summary>
    SignedIn,

    /// <summary>No object in the route: the verb decides (2xx or 403); the data is narrowed, not refused.</summary>
    Collection,

    /// <summary>
    /// A region in the query string (exports, roll-ups, imports, missing reports): in scope → 2xx or 403 by verb; out
    /// of scope the region reads exactly like one that does not exist (400 naming regionCode) for all but administrators.
    /// </summary>
    Filtered,

    /// <summary>An object in the route: in scope → 2xx or 403 by verb; out of scope → 404 for all but administrators.</summary>
    Item,

    /// <summary>A user account: only administrators see them; anyone else gets 404.</summary>
    Account,

    /// <summary>
    /// Hangfire's dashboard, opened in a browser signed in with the session cookie: administrators only; anyone else,
    /// signed out included, gets the 404 of a page that does not exist.
    /// </summary>
    JobsDashboard,
}

public sealed record Call(
    HttpMethod Method, string Url, object? Body = null, string? IfMatch = null, HttpClient? Client = null, HttpContent? Content = null);

/// <summary>One endpoint: its route as the app registers it, the verb it needs, and how to make a call that would succeed.</summary>
public sealed record Row(string Endpoint, string Verb, Kind Kind, Func<Case, Task<Call>> Arrange, HttpStatusCode? Success = null);

/// <summary>One cell of the matrix: who calls, on an object in or out of their scope.</summary>
public sealed class Case(AccessMatrixFixture api, Who who, bool inScope)
{
    private World? _world;

    public AccessMatrixFixture Api => api;
    public Who Who => who;
    public bool InScope => inScope;
    public string Region => inScope ? Zhuji : Wenling;

    /// <summary>诸暨's city 绍兴 (its counties are ranked against each other), or 温岭's city 台州.</summary>
    public string City => inScope ? Shaoxing : Taizhou;

    public async Task<World> WorldAsync(string? sectionRegion = null) =>
        _world ??= await api.WorldAsync(inScope, sectionRegion: sectionRegion);

    /// <summary>A client of a brand-new account with the caller's role, for calls that end the caller's own session.</summary>
    public async Task<(HttpClient Client, string Password)> OwnSessionAsync()
    {
        if (who == Who.Anonymous)
        {
            return (api.AnonymousClient(), "Irrelevant-password-1");
        }
        var (email, password) = await api.NewAccountAsync(who);
        return (await api.SignInAsync(email, password), password);
    }
}

/// <summary>
/// Every endpoint of the app × every kind of caller × an object inside and outside their scope → 2xx, 401, 403 or 404.
/// The rows are enumerated against the app's own endpoint list, so an endpoint added without a row fails
/// <see cref="EveryEndpoint_HasExactlyOneRow"/>. Expectations come from the verb table below, written from the issue,
/// not from the code under test.
/// </summary>
public sealed class AccessMatrixTests(AccessMatrixFixture api) : IClassFixture<AccessMatrixFixture>
{
    private static readonly Who[] Everyone = [Who.Admin, Who.PlanningCounty, Who.PlanningCity, Who.Headquarters, Who.Leadership];

    /// <summary>Who holds each verb (issue 5: headquarters write only their reports and land issues; leaders only read).</summary>
    private static readonly Dictionary<string, Who[]> Holders = new()
    {
        ["read"] = Everyone,
        ["registry"] = [Who.Admin, Who.PlanningCounty, Who.PlanningCity],
        ["report"] = [Who.Admin, Who.PlanningCounty, Who.PlanningCity, Who.Headquarters],
        ["decide"] = [Who.Admin, Who.PlanningCounty, Who.PlanningCity],
        ["rollup-read"] = [Who.Admin, Who.PlanningCounty, Who.PlanningCity, Who.Leadership],
        ["rollup-run"] = [Who.Admin, Who.PlanningCounty, Who.PlanningCity],
        ["admin"] = [Who.Admin],
        ["signed-in"] = Everyone,
        ["open"] = [.. Everyone, Who.Anonymous],
    };

    private static Task<Call> Get(string url) => Task.FromResult(new Call(HttpMethod.Get, url));

    private static Call Send(HttpMethod method, string url, object? body = null, string? ifMatch = null) => new(method, url, body, ifMatch);

    private static int _codes;

    private static int _counties;

    /// <summary>A county code of 绍兴 nobody uses yet (its seeded counties end 02…83).</summary>
    private static string NewCounty() => $"3306{70 + Interlocked.Increment(ref _counties)}";

    private static string Unique(string prefix) => $"{prefix}-{Interlocked.Increment(ref _codes)}-{Guid.NewGuid():N}"[..24];

    private static readonly Row[] Rows =
    [
        // Anonymous on purpose: probes, the API description, the way in.
        new("GET /openapi/{documentName}.json", "open", Kind.Open, _ => Get("/openapi/v1.json")),
        // The web app's page (any path outside the API's that no endpoint takes) and its files: open, since the sign-in
        // page is one of them.
        new(WebAppPage, "open", Kind.Open, _ => Get("/dashboard/330681")),
        new("GET <web app files>", "open", Kind.Open, _ => Get("/favicon.svg")),
        new("HEAD <web app files>", "open", Kind.Open, _ => Task.FromResult(new Call(HttpMethod.Head, "/favicon.svg"))),
        new("* /health/live", "open", Kind.Open, _ => Get("/health/live")),
        new("* /health/ready", "open", Kind.Open, _ => Get("/health/ready")),
        new("POST /api/v1/auth/login", "open", Kind.Open, c =>
            Task.FromResult(Send(HttpMethod.Post, "/api/v1/auth/login", new { email = ApiFixture.AdminEmail, password = c.Api.AdminPassword }))),
        new("POST /api/v1/auth/refresh", "open", Kind.Open, async c =>
        {
            var tokens = await LoginAsync(c.Api.AnonymousClient(), ApiFixture.AdminEmail, c.Api.AdminPassword);
            return Send(HttpMethod.Post, "/api/v1/auth/refresh", new { refreshToken = tokens.GetProperty("refreshToken").GetString() });
        }),

        // The caller's own account.
        new("POST /api/v1/auth/logout", "signed-in", Kind.SignedIn, async c =>
            Send(HttpMethod.Post, "/api/v1/auth/logout") with { Client = (await c.OwnSessionAsync()).Client }),
        new("GET /api/v1/auth/manage/info", "signed-in", Kind.SignedIn, _ => Get("/api/v1/auth/manage/info")),
        new("GET /api/v1/auth/antiforgery", "signed-in", Kind.SignedIn, _ => Get("/api/v1/auth/antiforgery")),
        new("POST /api/v1/auth/manage/info", "signed-in", Kind.SignedIn, async c =>
        {
            var (client, password) = await c.OwnSessionAsync();
            return Send(HttpMethod.Post, "/api/v1/auth/manage/info", new { oldPassword = password, newPassword = "Matrix-new-password-1" }) with { Client = client };
        }),

        // Regions.
        new("GET /api/v1/regions/", "read", Kind.Collection, _ => Get("/api/v1/regions")),
        new("GET /api/v1/regions/{code}", "read", Kind.Item, c => Get($"/api/v1/regions/{c.Region}")),
        new("POST /api/v1/regions/", "admin", Kind.Collection, _ => Task.FromResult(Send(HttpMethod.Post, "/api/v1/regions",
            new { code = NewCounty(), name = "矩阵县", level = "county", parentCode = Shaoxing }))),
        // Renamed to its own name, so the other rows see the region as it was.
        new("PUT /api/v1/regions/{code}", "admin", Kind.Item, async c =>
        {
            var region = await (await c.Api.Client.GetAsync($"/api/v1/regions/{c.Region}")).ReadAsync<JsonElement>();
            return Send(HttpMethod.Put, $"/api/v1/regions/{c.Region}", new { name = region.GetProperty("name").GetString() });
        }),
        // The administrator retires two counties of their own; anyone else is refused before anything is retired.
        new("POST /api/v1/regions/{code}/retirement", "admin", Kind.Item, async c =>
        {
            var (retired, successor) = (c.Region, c.InScope ? Wenling : Zhuji);
            if (c.Who == Who.Admin)
            {
                (retired, successor) = (NewCounty(), NewCounty());
                foreach (var code in new[] { retired, successor })
                {
                    await (await c.Api.Client.PostJsonAsync("/api/v1/regions", new { code, name = "矩阵县", level = "county", parentCode = Shaoxing }))
                        .ReadAsync<JsonElement>(HttpStatusCode.Created);
                }
            }
            return Send(HttpMethod.Post, $"/api/v1/regions/{retired}/retirement", new { successorCode = successor, period = "2023-06" });
        }),
        new("GET /api/v1/regions/{code}/targets", "read", Kind.Item, c => Get($"/api/v1/regions/{c.Region}/targets")),
        new("PUT /api/v1/regions/{code}/targets/{year:int}/{scope}", "admin", Kind.Item, c =>
            Task.FromResult(Send(HttpMethod.Put, $"/api/v1/regions/{c.Region}/targets/2022/key_project", new { task = 1000m }))),
        new("DELETE /api/v1/regions/{code}/targets/{year:int}/{scope}", "admin", Kind.Item, async c =>
        {
            var url = $"/api/v1/regions/{c.Region}/targets/2021/key_project";
            Assert.True((await c.Api.Client.PutAsJsonAsync(url, new { task = 1000m }, HttpAssertions.Json)).IsSuccessStatusCode);
            return Send(HttpMethod.Delete, url);
        }),
        new("GET /api/v1/regions/{code}/figures", "read", Kind.Item, c => Get($"/api/v1/regions/{c.Region}/figures?period=2023-12")),
        new("GET /api/v1/regions/{code}/figures/by-mode", "read", Kind.Item, c => Get($"/api/v1/regions/{c.Region}/figures/by-mode?period=2023-12")),
        new("GET /api/v1/regions/{code}/figures/by-project", "read", Kind.Item, c => Get($"/api/v1/regions/{c.Region}/figures/by-project?period=2023-12")),
        new("GET /api/v1/bulletins/{regionCode}/{period}", "read", Kind.Item, c => Get($"/api/v1/bulletins/{c.Region}/2023-12")),
        new("GET /api/v1/regions/{code}/series", "read", Kind.Item, c => Get($"/api/v1/regions/{c.Region}/series?year=2023")),
        new("GET /api/v1/regions/{code}/quantities", "read", Kind.Item, c => Get($"/api/v1/regions/{c.Region}/quantities?year=2023")),
        new("GET /api/v1/regions/{code}/funding", "read", Kind.Item, c => Get($"/api/v1/regions/{c.Region}/funding")),

        // Projects, sections, milestones.
        new("GET /api/v1/projects/", "read", Kind.Collection, _ => Get("/api/v1/projects")),
        new("POST /api/v1/projects/", "registry", Kind.Collection, _ => Task.FromResult(Send(HttpMethod.Post, "/api/v1/projects",
            new { code = Unique("MXP"), name = "矩阵新建", mode = "rural_road", regionCode = Zhuji, totalInvestment = 10m }))),
        new("GET /api/v1/projects/{id:long}", "read", Kind.Item, async c => Send(HttpMethod.Get, $"/api/v1/projects/{(await c.WorldAsync()).P}")),
        new("PUT /api/v1/projects/{id:long}", "registry", Kind.Item, async c =>
        {
            var w = await c.WorldAsync();
            return Send(HttpMethod.Put, $"/api/v1/projects/{w.P}", new { name = "矩阵改名", mode = "trunk_highway", regionCode = w.RegionCode, totalInvestment = 90000m });
        }),
        new("POST /api/v1/projects/{id:long}/archive", "registry", Kind.Item, async c =>
            Send(HttpMethod.Post, $"/api/v1/projects/{(await c.WorldAsync()).P}/archive")),
        new("POST /api/v1/projects/{id:long}/restore", "registry", Kind.Item, async c =>
        {
            var w = await c.WorldAsync();
            await w.ArchivedAsync();
            return Send(HttpMethod.Post, $"/api/v1/projects/{w.P}/restore");
        }),
        new("DELETE /api/v1/projects/{id:long}", "registry", Kind.Item, async c =>
            Send(HttpMethod.Delete, $"/api/v1/projects/{(await c.WorldAsync()).P}")),
        new("POST /api/v1/projects/{id:long}/sections", "registry", Kind.Item, async c =>
        {
            // The project's own county is still free: its first section lies in a neighbouring county.
            var w = await c.WorldAsync(sectionRegion: c.InScope ? "330602" : "331002");
            return Send(HttpMethod.Post, $"/api/v1/projects/{w.P}/sections", new { regionCode = w.RegionCode, apportionedInvestment = 10m, activeFrom = "2023-01-01" });
        }),
        new("PUT /api/v1/projects/{id:long}/sections/{sectionId:long}", "registry", Kind.Item, async c =>
        {
            var w = await c.WorldAsync();
            return Send(HttpMethod.Put, $"/api/v1/projects/{w.P}/sections/{w.S}", new { name = "矩阵段改名", apportionedInvestment = 40000m });
        }),
        new("DELETE /api/v1/projects/{id:long}/sections/{sectionId:long}", "registry", Kind.Item, async c =>
        {
            var w = await c.WorldAsync();
            await w.SecondSectionAsync(c.InScope ? "330602" : "331002");
            return Send(HttpMethod.Delete, $"/api/v1/projects/{w.P}/sections/{w.S}");
        }),
        new("PUT /api/v1/projects/{id:long}/milestones/{kind}", "registry", Kind.Item, async c =>
            Send(HttpMethod.Put, $"/api/v1/projects/{(await c.WorldAsync()).P}/milestones/start", new { actualOn = "2023-03-01" })),
        new("DELETE /api/v1/projects/{id:long}/milestones/{kind}", "registry", Kind.Item, async c =>
        {
            var w = await c.WorldAsync();
            await w.MilestoneAsync();
            return Send(HttpMethod.Delete, $"/api/v1/projects/{w.P}/milestones/start");
        }),
        new("GET /api/v1/projects/{id:long}/figures", "read", Kind.Item, async c =>
            Send(HttpMethod.Get, $"/api/v1/projects/{(await c.WorldAsync()).P}/figures?period=2023-12")),
        new("GET /api/v1/projects/{id:long}/series", "read", Kind.Item, async c =>
            Send(HttpMethod.Get, $"/api/v1/projects/{(await c.WorldAsync()).P}/series?year=2023")),

        // Monthly reports.
        new("GET /api/v1/sections/{sectionId:long}/reports", "read", Kind.Item, async c =>
            Send(HttpMethod.Get, $"/api/v1/sections/{(await c.WorldAsync()).S}/reports?year=2023")),
        new("GET /api/v1/sections/{sectionId:long}/reports/{period}", "read", Kind.Item, async c =>
        {
            var w = await c.WorldAsync();
            await w.DraftAsync("2023-06");
            return Send(HttpMethod.Get, w.Report("2023-06"));
        }),
        new("PUT /api/v1/sections/{sectionId:long}/reports/{period}", "report", Kind.Item, async c =>
            Send(HttpMethod.Put, (await c.WorldAsync()).Report("2023-06"), new { monthActual = 12.5m, physicalProgress = 10m })),
        new("DELETE /api/v1/sections/{sectionId:long}/reports/{period}", "report", Kind.Item, async c =>
        {
            var w = await c.WorldAsync();
            await w.DraftAsync("2023-06");
            return Send(HttpMethod.Delete, w.Report("2023-06"), ifMatch: await w.ETagAsync(w.Report("2023-06")));
        }),
        new("POST /api/v1/sections/{sectionId:long}/reports/{period}/submit", "report", Kind.Item, async c =>
        {
            var w = await c.WorldAsync();
            await w.DraftAsync("2023-06");
            return Send(HttpMethod.Post, $"{w.Report("2023-06")}/submit");
        }),
        new("POST /api/v1/sections/{sectionId:long}/reports/{period}/approve", "decide", Kind.Item, async c =>
        {
            var w = await c.WorldAsync();
            await w.SubmittedAsync("2023-06");
            return Send(HttpMethod.Post, $"{w.Report("2023-06")}/approve");
        }),
        new("POST /api/v1/sections/{sectionId:long}/reports/{period}/return", "decide", Kind.Item, async c =>
        {
            var w = await c.WorldAsync();
            await w.SubmittedAsync("2023-06");
            return Send(HttpMethod.Post, $"{w.Report("2023-06")}/return", new { reason = "请补充形象进度" });
        }),
        new("POST /api/v1/sections/{sectionId:long}/reports/{period}/corrections", "report", Kind.Item, async c =>
        {
            var w = await c.WorldAsync();
            await w.ApprovedAsync("2023-06");
            return Send(HttpMethod.Post, $"{w.Report("2023-06")}/corrections", new { monthActual = 8m, reason = "核减重复计量" });
        }),
        new("GET /api/v1/reports/missing", "read", Kind.Filtered, c => Get($"/api/v1/reports/missing?period=2023-12&regionCode={c.Region}")),
        new("GET /api/v1/reports", "read", Kind.Filtered, c => Get($"/api/v1/reports?status=approved&period=2023-12&regionCode={c.Region}")),
        new("GET /api/v1/reports/worklist", "read", Kind.Collection, _ => Get("/api/v1/reports/worklist")),

        // Plans and figures.
        new("GET /api/v1/sections/{sectionId:long}/plans", "read", Kind.Item, async c =>
            Send(HttpMethod.Get, $"/api/v1/sections/{(await c.WorldAsync()).S}/plans")),
        new("PUT /api/v1/sections/{sectionId:long}/plans/{year:int}", "registry", Kind.Item, async c =>
            Send(HttpMethod.Put, $"/api/v1/sections/{(await c.WorldAsync()).S}/plans/2023", new { plannedInvestment = 500m })),
        new("DELETE /api/v1/sections/{sectionId:long}/plans/{year:int}", "registry", Kind.Item, async c =>
        {
            var w = await c.WorldAsync();
            await w.PlanAsync();
            return Send(HttpMethod.Delete, $"/api/v1/sections/{w.S}/plans/2023");
        }),
        new("GET /api/v1/sections/{id:long}/figures", "read", Kind.Item, async c =>
            Send(HttpMethod.Get, $"/api/v1/sections/{(await c.WorldAsync()).S}/figures?period=2023-12")),
        new("GET /api/v1/settings/lag-thresholds", "read", Kind.Collection, _ => Get("/api/v1/settings/lag-thresholds")),
        new("PUT /api/v1/settings/lag-thresholds", "admin", Kind.Collection, _ =>
            Task.FromResult(Send(HttpMethod.Put, "/api/v1/settings/lag-thresholds", new { yellowBelow = -0.05m, redBelow = -0.10m }))),

        // Land issues.
        new("POST /api/v1/sections/{sectionId:long}/land-issues", "report", Kind.Item, async c =>
            Send(HttpMethod.Post, $"/api/v1/sections/{(await c.WorldAsync()).S}/land-issues",
                new { kind = "grave", description = "坟墓2穴待迁", identifiedOn = "2023-07-01" })),
        new("GET /api/v1/land-issues", "read", Kind.Collection, _ => Get("/api/v1/land-issues")),
        new("GET /api/v1/land-issues/stats", "read", Kind.Collection, _ => Get("/api/v1/land-issues/stats")),
        new("GET /api/v1/land-issues/{id:long}", "read", Kind.Item, async c =>
            Send(HttpMethod.Get, $"/api/v1/land-issues/{await (await c.WorldAsync()).LandIssueAsync()}")),
        new("PUT /api/v1/land-issues/{id:long}", "report", Kind.Item, async c =>
        {
            var w = await c.WorldAsync();
            var url = $"/api/v1/land-issues/{await w.LandIssueAsync()}";
            return Send(HttpMethod.Put, url, new { kind = "house", description = "民房1户已谈妥", identifiedOn = "2023-05-01" }, await w.ETagAsync(url));
        }),
        new("POST /api/v1/land-issues/{id:long}/resolve", "report", Kind.Item, async c =>
            Send(HttpMethod.Post, $"/api/v1/land-issues/{await (await c.WorldAsync()).LandIssueAsync()}/resolve",
                new { resolvedOn = "2023-06-15", note = "已签约" })),
        new("POST /api/v1/land-issues/{id:long}/reopen", "report", Kind.Item, async c =>
            Send(HttpMethod.Post, $"/api/v1/land-issues/{await (await c.WorldAsync()).LandIssueAsync(resolved: true)}/reopen",
                new { reason = "补偿款未到位" })),

        // Physical quantities.
        new("PUT /api/v1/projects/{id:long}/quantity-targets", "registry", Kind.Item, async c =>
            Send(HttpMethod.Put, $"/api/v1/projects/{(await c.WorldAsync()).P}/quantity-targets", new { year = 2023, kind = "major_repair_km", target = 5m })),
        new("GET /api/v1/projects/{id:long}/quantities", "read", Kind.Item, async c =>
            Send(HttpMethod.Get, $"/api/v1/projects/{(await c.WorldAsync()).P}/quantities?year=2023")),
        new("GET /api/v1/quantity-targets/{targetId:long}", "read", Kind.Item, async c =>
            Send(HttpMethod.Get, $"/api/v1/quantity-targets/{await (await c.WorldAsync()).QuantityTargetAsync()}")),
        new("DELETE /api/v1/quantity-targets/{targetId:long}", "registry", Kind.Item, async c =>
            Send(HttpMethod.Delete, $"/api/v1/quantity-targets/{await (await c.WorldAsync()).QuantityTargetAsync()}")),
        new("PUT /api/v1/quantity-targets/{targetId:long}/progress/{period}", "registry", Kind.Item, async c =>
            Send(HttpMethod.Put, $"/api/v1/quantity-targets/{await (await c.WorldAsync()).QuantityTargetAsync()}/progress/2023-06", new { completed = 1.5m })),

        // Funding.
        new("GET /api/v1/projects/{id:long}/funding", "read", Kind.Item, async c =>
            Send(HttpMethod.Get, $"/api/v1/projects/{(await c.WorldAsync()).P}/funding")),
        new("POST /api/v1/projects/{id:long}/funding", "registry", Kind.Item, async c =>
            Send(HttpMethod.Post, $"/api/v1/projects/{(await c.WorldAsync()).P}/funding", new { level = "provincial", kind = "budget_subsidy", committed = 200m })),
        new("GET /api/v1/funding/{fundingId:long}", "read", Kind.Item, async c =>
            Send(HttpMethod.Get, $"/api/v1/funding/{await (await c.WorldAsync()).FundingAsync()}")),
        new("PUT /api/v1/funding/{fundingId:long}", "registry", Kind.Item, async c =>
            Send(HttpMethod.Put, $"/api/v1/funding/{await (await c.WorldAsync()).FundingAsync()}", new { level = "county", kind = "other", committed = 150m, received = 20m })),
        new("DELETE /api/v1/funding/{fundingId:long}", "registry", Kind.Item, async c =>
            Send(HttpMethod.Delete, $"/api/v1/funding/{await (await c.WorldAsync()).FundingAsync()}")),

        // Excel exports: planning, leadership and administrators; a county's callers rank their city's counties.
        new("GET /api/v1/exports/county-ranking", "rollup-read", Kind.Filtered, c =>
            Get($"/api/v1/exports/county-ranking?regionCode={c.City}&period=2023-12")),
        new("GET /api/v1/exports/project-detail", "rollup-read", Kind.Filtered, c =>
            Get($"/api/v1/exports/project-detail?regionCode={c.Region}&period=2023-12")),
        new("GET /api/v1/exports/land-issues", "rollup-read", Kind.Filtered, c => Get($"/api/v1/exports/land-issues?regionCode={c.Region}")),
        new("GET /api/v1/exports/mode-breakdown", "rollup-read", Kind.Filtered, c =>
            Get($"/api/v1/exports/mode-breakdown?regionCode={c.Region}&period=2023-12")),
        new("GET /api/v1/exports/data-quality", "rollup-read", Kind.Filtered, c =>
            Get($"/api/v1/exports/data-quality?regionCode={c.Region}&period=2023-12")),
        new("GET /api/v1/exports/missing-reports", "rollup-read", Kind.Filtered, c =>
            Get($"/api/v1/exports/missing-reports?regionCode={c.Region}&period=2023-12")),

        // The same exports as jobs: started like roll-ups (planning, administrators), the query checked as the GET checks it.
        new("POST /api/v1/exports/county-ranking", "rollup-run", Kind.Filtered, c =>
            Task.FromResult(Send(HttpMethod.Post, $"/api/v1/exports/county-ranking?regionCode={c.City}&period=2023-12"))),
        new("POST /api/v1/exports/project-detail", "rollup-run", Kind.Filtered, c =>
            Task.FromResult(Send(HttpMethod.Post, $"/api/v1/exports/project-detail?regionCode={c.Region}&period=2023-12"))),
        new("POST /api/v1/exports/land-issues", "rollup-run", Kind.Filtered, c =>
            Task.FromResult(Send(HttpMethod.Post, $"/api/v1/exports/land-issues?regionCode={c.Region}"))),
        new("POST /api/v1/exports/mode-breakdown", "rollup-run", Kind.Filtered, c =>
            Task.FromResult(Send(HttpMethod.Post, $"/api/v1/exports/mode-breakdown?regionCode={c.Region}&period=2023-12"))),
        new("POST /api/v1/exports/data-quality", "rollup-run", Kind.Filtered, c =>
            Task.FromResult(Send(HttpMethod.Post, $"/api/v1/exports/data-quality?regionCode={c.Region}&period=2023-12"))),
        new("POST /api/v1/exports/missing-reports", "rollup-run", Kind.Filtered, c =>
            Task.FromResult(Send(HttpMethod.Post, $"/api/v1/exports/missing-reports?regionCode={c.Region}&period=2023-12"))),

        // Excel import of monthly reports: for those who write reports, each row of a section in their scope.
        new("GET /api/v1/imports/monthly-reports/template", "report", Kind.Filtered, c =>
            Get($"/api/v1/imports/monthly-reports/template?regionCode={c.Region}&period=2023-12")),
        new("POST /api/v1/imports/monthly-reports", "report", Kind.Filtered, UploadAsync),

        // Roll-ups and jobs: a job is its starter's (and administrators'); it runs with the starter's scope.
        new("POST /api/v1/rollups/", "rollup-run", Kind.Collection, _ =>
            Task.FromResult(Send(HttpMethod.Post, "/api/v1/rollups", new { period = "2023-12" }))),
        new("GET /api/v1/rollups/", "rollup-read", Kind.Filtered, c => Get($"/api/v1/rollups?regionCode={c.Region}")),
        new("GET /api/v1/rollups/{period}", "rollup-read", Kind.Filtered, c => Get($"/api/v1/rollups/2023-12?regionCode={c.City}")),
        new("GET /api/v1/rollups/{period}/findings", "rollup-read", Kind.Filtered, c => Get($"/api/v1/rollups/2023-12/findings?regionCode={c.Region}")),
        new("POST /api/v1/reminders/missing-reports", "rollup-run", Kind.Collection, _ =>
            Task.FromResult(Send(HttpMethod.Post, "/api/v1/reminders/missing-reports", new { period = "2023-12" }))),
        new("GET /api/v1/jobs/", "read", Kind.Collection, _ => Get("/api/v1/jobs")),
        new(JobsDashboardPages, "admin", Kind.JobsDashboard, async c => Send(HttpMethod.Get, "/hangfire") with { Client = await CookieClientAsync(c) }),
        new("GET /api/v1/jobs/{id:guid}", "read", Kind.Item, async c => Send(HttpMethod.Get, $"/api/v1/jobs/{await JobAsync(c)}")),
        new("GET /api/v1/jobs/{id:guid}/file", "read", Kind.Item, async c => Send(HttpMethod.Get, $"/api/v1/jobs/{await ExportFileAsync(c)}/file")),

        // Open data (issue 16): the OC4IDS package is read like the figures, narrowed to the caller's scope; an administrator
        // publishes a region's package, which anyone may then read at its stable URL.
        new("GET /api/v1/open-data/oc4ids/", "read", Kind.Filtered, c => Get($"/api/v1/open-data/oc4ids?regionCode={c.Region}&year=2023")),
        new("GET /api/v1/open-data/oc4ids/publications", "admin", Kind.Collection, _ => Get("/api/v1/open-data/oc4ids/publications")),
        new("POST /api/v1/open-data/oc4ids/publications", "admin", Kind.Collection, _ => Task.FromResult(Send(HttpMethod.Post,
            "/api/v1/open-data/oc4ids/publications", new { regionCode = Zhuji, year = 2022 }))),
        new("DELETE /api/v1/open-data/oc4ids/publications/{regionCode}/{year:int}", "admin", Kind.Collection, async c =>
        {
            await PublishAsync(c, Zhuji, 2021);
            return Send(HttpMethod.Delete, $"/api/v1/open-data/oc4ids/publications/{Zhuji}/2021");
        }),
        new("GET /api/v1/open-data/oc4ids/published/{regionCode}/{year:int}", "open", Kind.Open, async c =>
        {
            await PublishAsync(c, Wenling, 2023);
            return Send(HttpMethod.Get, $"/api/v1/open-data/oc4ids/published/{Wenling}/2023");
        }),

        // Users and the audit trail: administrators only.
        new("GET /api/v1/users/", "admin", Kind.Collection, _ => Get("/api/v1/users")),
        new("POST /api/v1/users/", "admin", Kind.Collection, _ => Task.FromResult(Send(HttpMethod.Post, "/api/v1/users",
            new { email = $"{Unique("mx")}@test.local", password = "Matrix-password-1", role = "leadership", regionCodes = new[] { Zhuji } }))),
        new("GET /api/v1/users/{id}", "admin", Kind.Account, async c => Send(HttpMethod.Get, $"/api/v1/users/{await AccountAsync(c)}")),
        new("PUT /api/v1/users/{id}", "admin", Kind.Account, async c => Send(HttpMethod.Put, $"/api/v1/users/{await AccountAsync(c)}",
            new { email = $"{Unique("mxu")}@test.local", role = "leadership", regionCodes = new[] { Wenling }, locked = false })),
        new("DELETE /api/v1/users/{id}", "admin", Kind.Account, async c => Send(HttpMethod.Delete, $"/api/v1/users/{await AccountAsync(c)}")),
        new("POST /api/v1/users/{id}/password", "admin", Kind.Account, async c =>
            Send(HttpMethod.Post, $"/api/v1/users/{await AccountAsync(c)}/password", new { newPassword = "Matrix-reset-password-1" })),
        new("GET /api/v1/audit/", "admin", Kind.Collection, _ => Get("/api/v1/audit?table=projects")),
    ];

    /// <summary>
    /// A filled-in template with one row, the new world's section, for the caller's county (in scope) or 温岭. The
    /// caller's own template when they may have one (so headquarters get only their sections), else the administrator's.
    /// </summary>
    private static async Task<Call> UploadAsync(Case c)
    {
        var world = await c.WorldAsync();
        await world.PlanAsync();
        var url = $"/api/v1/imports/monthly-reports/template?regionCode={c.Region}&period=2023-12";
        var own = await c.Api.Clients[c.Who].GetAsync(url);
        var template = own.IsSuccessStatusCode ? await own.Content.ReadAsByteArrayAsync() : await c.Api.Client.GetByteArrayAsync(url);
        var file = Imports.ImportFiles.Fill(template, world.SectionId, monthActual: 321m, progress: 5m);
        var content = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(Investment.Api.Features.Imports.MonthlyReportTemplateWriter.ContentType);
        content.Add(part, "file", "月报.xlsx");
        return new Call(HttpMethod.Post, $"/api/v1/imports/monthly-reports?regionCode={c.Region}&period=2023-12", Content: content);
    }

    /// <summary>Publishes a region's OC4IDS package as the administrator (again, if it is published already).</summary>
    private static async Task PublishAsync(Case c, string regionCode, int year) =>
        Assert.True((await c.Api.Client.PostJsonAsync("/api/v1/open-data/oc4ids/publications", new { regionCode, year })).IsSuccessStatusCode);

    /// <summary>A finished job started by the caller (in scope) or by another planner (out of scope).</summary>
    private static async Task<Guid> JobAsync(Case c, string kind = "rollup")
    {
        await using var db = c.Api.CreateDb();
        var starter = c.InScope && c.Who != Who.Anonymous ? c.Api.Accounts[c.Who].Email : (await c.Api.NewAccountAsync(Who.PlanningCounty)).Email;
        var job = new Investment.Api.Data.Job
        {
            Id = Guid.CreateVersion7(), Kind = kind, Status = "succeeded", CreatedBy = db.Users.Single(u => u.Email == starter).Id,
        };
        db.Jobs.Add(job);
        await db.SaveChangesAsync();
        return job.Id;
    }

    /// <summary>A finished export job with its stored file, started by the caller (in scope) or by another planner.</summary>
    private static async Task<Guid> ExportFileAsync(Case c)
    {
        var id = await JobAsync(c, "export");
        await using var db = c.Api.CreateDb();
        db.ExportFiles.Add(new Investment.Api.Data.ExportFile
        {
            JobId = id, FileName = "矩阵.xlsx", AsciiFileName = "matrix.xlsx", ContentType = "application/octet-stream", SizeBytes = 3,
            RowCount = 1, Content = [1, 2, 3], CreatedAt = ApiFixture.Now, ExpiresAt = ApiFixture.Now.AddDays(1),
        });
        await db.SaveChangesAsync();
        return id;
    }

    /// <summary>The caller signed in as the web app signs in: with the session cookie.</summary>
    private static async Task<HttpClient> CookieClientAsync(Case c)
    {
        var client = c.Api.AnonymousClient();
        if (c.Who != Who.Anonymous)
        {
            var (email, password) = c.Api.Accounts[c.Who];
            var login = await client.PostAsJsonAsync("/api/v1/auth/login?useCookies=true", new { email, password });
            Assert.True(login.IsSuccessStatusCode, $"cookie sign-in as {c.Who}: {(int)login.StatusCode}");
        }
        return client;
    }

    private static async Task<string> AccountAsync(Case c)
    {
        var (email, _) = await c.Api.CreateUserAsync("leadership", regionCodes: [Zhuji]);
        await using var db = c.Api.CreateDb();
        return db.Users.Single(u => u.Email == email).Id;
    }

    /// <summary>What the issue says the answer must be; null where the combination does not arise.</summary>
    private static HttpStatusCode? Expected(Row row, Who who, bool inScope)
    {
        if (row.Kind == Kind.Open)
        {
            return inScope ? row.Success ?? HttpStatusCode.OK : null;
        }
        if (row.Kind == Kind.JobsDashboard)
        {
            return !inScope ? null : Holders[row.Verb].Contains(who) ? HttpStatusCode.OK : HttpStatusCode.NotFound;
        }
        if (who == Who.Anonymous)
        {
            return HttpStatusCode.Unauthorized;
        }
        var holds = Holders[row.Verb].Contains(who);
        return row.Kind switch
        {
            Kind.SignedIn or Kind.Collection when !inScope => null,
            Kind.SignedIn or Kind.Collection or Kind.Filtered when inScope || who == Who.Admin => holds ? HttpStatusCode.OK : HttpStatusCode.Forbidden,
            Kind.Filtered => holds ? HttpStatusCode.BadRequest : HttpStatusCode.Forbidden,
            Kind.Account when !inScope => null,
            Kind.Account => holds ? HttpStatusCode.OK : HttpStatusCode.NotFound,
            _ when !inScope => who == Who.Admin ? HttpStatusCode.OK : HttpStatusCode.NotFound,
            _ => holds ? HttpStatusCode.OK : HttpStatusCode.Forbidden,
        };
    }

    public static TheoryData<string, Who, bool> Cases()
    {
        var data = new TheoryData<string, Who, bool>();
        foreach (var row in Rows)
        {
            foreach (var who in Enum.GetValues<Who>())
            {
                foreach (var inScope in new[] { true, false })
                {
                    if (Expected(row, who, inScope) is not null)
                    {
                        data.Add(row.Endpoint, who, inScope);
                    }
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Endpoint_Caller_Scope_GivesTheExpectedAnswer(string endpoint, Who who, bool inScope)
    {
        var row = Rows.Single(r => r.Endpoint == endpoint);
        var expected = Expected(row, who, inScope)!.Value;
        var call = await row.Arrange(new Case(api, who, inScope));
        using var request = new HttpRequestMessage(call.Method, call.Url);
        if (call.Body is not null)
        {
            request.Content = JsonContent.Create(call.Body, options: HttpAssertions.Json);
        }
        request.Content ??= call.Content;
        if (call.IfMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", call.IfMatch);
        }

        var response = await (call.Client ?? api.Clients[who]).SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        var because = $"{endpoint} as {who} on an object {(inScope ? "in" : "out of")} scope: {(int)response.StatusCode} {body}";
        if (expected == HttpStatusCode.OK)
        {
            Assert.True(response.IsSuccessStatusCode, because);
        }
        else
        {
            Assert.True(response.StatusCode == expected, $"expected {(int)expected}; {because}");
            if ((int)expected >= 400 && call.Method != HttpMethod.Head)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
            if (expected == HttpStatusCode.BadRequest)
            {
                // Out of scope reads as unknown: the region field is named, and nothing says it exists elsewhere.
                Assert.Contains("\"regionCode\"", body, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>
    /// Issue 11: roll-up rows broken down by mode (category or mode other than all) are read only in the caller's own
    /// regions; the row above, GET /api/v1/rollups/{period} of the whole scope, keeps the ranking rule (a county reads its
    /// city). Outside, the region reads as unknown (400 naming regionCode), as the mode-breakdown export answers.
    /// </summary>
    public static TheoryData<Who, bool, bool, string> RollupByModeCases()
    {
        var data = new TheoryData<Who, bool, bool, string>();
        foreach (var who in Enum.GetValues<Who>())
        {
            foreach (var inScope in new[] { true, false })
            {
                foreach (var city in new[] { true, false })
                {
                    foreach (var breakdown in new[] { "modeCategory=road", "mode=trunk_highway" })
                    {
                        data.Add(who, inScope, city, breakdown);
                    }
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(RollupByModeCases))]
    public async Task RollupByMode_ReadsOnlyInTheCallersOwnRegions(Who who, bool inScope, bool city, string breakdown)
    {
        var c = new Case(api, who, inScope);
        var region = city ? c.City : c.Region;
        // Own regions: the county's callers have 诸暨, the city planner 绍兴 and its counties.
        var own = who == Who.Admin || (inScope && (!city || who == Who.PlanningCity));
        var expected = who switch
        {
            Who.Anonymous => HttpStatusCode.Unauthorized,
            Who.Headquarters => HttpStatusCode.Forbidden,
            _ => own ? HttpStatusCode.OK : HttpStatusCode.BadRequest,
        };

        var response = await api.Clients[who].GetAsync($"/api/v1/rollups/2023-12?regionCode={region}&{breakdown}");

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected,
            $"expected {(int)expected}; {breakdown} of {region} as {who}: {(int)response.StatusCode} {body}");
        if (expected == HttpStatusCode.BadRequest)
        {
            Assert.Contains("\"regionCode\"", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void EveryEndpoint_HasExactlyOneRow()
    {
        var registered = Endpoints().Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        var rows = Rows.Select(r => r.Endpoint).ToList();

        var missing = registered.Except(rows).Order(StringComparer.Ordinal).ToList();
        var stale = rows.Except(registered).Order(StringComparer.Ordinal).ToList();
        var twice = rows.GroupBy(r => r).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(missing.Count == 0 && stale.Count == 0 && twice.Count == 0,
            "Endpoints without a row in the access matrix (add one):\n  " + string.Join("\n  ", missing) +
            "\nRows for endpoints the app does not have:\n  " + string.Join("\n  ", stale) +
            "\nRows listed twice:\n  " + string.Join("\n  ", twice));
    }

    [Fact]
    public void EveryWriteEndpoint_NamesAWriteVerb()
    {
        string[] writeVerbs = ["registry-write", "report-write", "report-decide", "rollup-run", "administer"];
        var unguarded = Endpoints()
            .Where(e => !e.Key.StartsWith("GET ", StringComparison.Ordinal) && e.Key.Contains(" /api/v1/", StringComparison.Ordinal)
                        && !e.Key.Contains("/api/v1/auth/", StringComparison.Ordinal))
            .Where(e => !e.Endpoint!.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => writeVerbs.Contains(a.Policy)))
            .Select(e => e.Key)
            .ToList();
        Assert.True(unguarded.Count == 0, "Writes that any role could call:\n  " + string.Join("\n  ", unguarded));
    }

    /// <summary>The page is served by middleware when no endpoint matches (Http/WebApp.cs), so it has no endpoint of its own.</summary>
    private const string WebAppPage = "GET <web app page, any other path>";

    /// <summary>Hangfire's dashboard is a middleware branch (Scheduling/JobsDashboard.cs), not endpoints.</summary>
    private const string JobsDashboardPages = "GET /hangfire <jobs dashboard>";

    private IEnumerable<(string Key, RouteEndpoint? Endpoint)> Endpoints() =>
        api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(method => (Key(method, e), (RouteEndpoint?)e)))
            .DistinctBy(e => e.Item1)
            .Append((WebAppPage, null))
            .Append((JobsDashboardPages, null));

    /// <summary>The web app's files (one endpoint per file and encoding, made by the build) are one row.</summary>
    private static string Key(string method, RouteEndpoint e) =>
        e.Metadata.GetMetadata<StaticAssetDescriptor>() is not null ? $"{method} <web app files>" : $"{method} {e.RoutePattern.RawText}";

    private static Task<JsonElement> LoginAsync(HttpClient client, string email, string password) =>
        ApiFixture.LoginAsync(client, email, password);
}
