using System.Net;
using System.Net.Http.Json;
using Investment.Api.Tests.Infrastructure;

namespace Investment.Api.Tests.Scheduling;

/// <summary>Hangfire's dashboard at /hangfire: administrators signed in with the web app's cookie, nobody else.</summary>
public sealed class JobsDashboardTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    private async Task<HttpClient> CookieClientAsync(string email, string password)
    {
        var client = api.AnonymousClient();
        var login = await client.PostAsJsonAsync("/api/v1/auth/login?useCookies=true", new { email, password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        return client;
    }

    [Fact]
    public async Task Administrator_WithTheSessionCookie_OpensIt_UnderItsOwnContentSecurityPolicy()
    {
        var admin = await CookieClientAsync(ApiFixture.AdminEmail, api.AdminPassword);

        var page = await admin.GetAsync("/hangfire/recurring");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Hangfire", html, StringComparison.Ordinal);
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("'unsafe-eval'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        // Its scripts are its own, served from under /hangfire, and never inline.
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        var script = System.Text.RegularExpressions.Regex.Match(html, "<script src=\"(/hangfire/js[^\"]+)\"").Groups[1].Value;
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(script)).StatusCode);
        // Read-only: jobs are started and followed through the API.
        Assert.DoesNotContain("data-ajax=", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryoneElse_GetsNotFound_AnAdministratorsBearerTokenToo()
    {
        var (email, password) = await api.CreateUserAsync("planning", regionCodes: ["330681"]);
        var planner = await CookieClientAsync(email, password);

        foreach (var client in new[] { planner, api.AnonymousClient(), api.Client })
        {
            var answer = await client.GetAsync("/hangfire");
            Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/hangfire/stats")).StatusCode);
        }
    }
}
