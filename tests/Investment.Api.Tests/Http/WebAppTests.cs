using System.Net;
using System.Text.RegularExpressions;
using Investment.Api.Tests.Infrastructure;

namespace Investment.Api.Tests.Http;

/// <summary>The web app on the API's origin: its page for any page path, its own content policy, API paths untouched.</summary>
public sealed partial class WebAppTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/dashboard/330681?period=2023-12&scope=effective")]
    [InlineData("/projects/12")]
    public async Task PagePaths_ServeTheAppsPage_Anonymously_WithAPolicyForItsOwnScriptsOnly(string path)
    {
        var client = api.AnonymousClient();
        var page = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", page.Headers.CacheControl?.ToString());
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<div id=\"app\">", html, StringComparison.Ordinal);
        Assert.Contains("lang=\"zh-CN\"", html, StringComparison.Ordinal);
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Equal("script-src 'self'", csp.Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("script-src", StringComparison.Ordinal)));
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        // No inline script: every script the page names is a file of this host, and it is served (compressed on request).
        Assert.DoesNotMatch(InlineScript(), html);
        var sources = ScriptSource().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(sources);
        foreach (var source in sources)
        {
            Assert.StartsWith("/", source, StringComparison.Ordinal);
            Assert.DoesNotContain("//", source, StringComparison.Ordinal);
            using var request = new HttpRequestMessage(HttpMethod.Get, source);
            request.Headers.AcceptEncoding.ParseAdd("gzip");
            var script = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
            Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
            Assert.Contains("gzip", script.Content.Headers.ContentEncoding);
        }
    }

    [Theory]
    [InlineData("/api/v1/no-such-thing")]
    [InlineData("/api")]
    [InlineData("/health/nothing")]
    [InlineData("/swagger/nothing")]
    [InlineData("/openapi/nothing")]
    public async Task ApiPaths_NeverFallBackToThePage(string path)
    {
        var response = await api.Client.GetAsync(path);

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
        // The API's own policy (Swagger UI's pages keep theirs), never the web app's.
        Assert.DoesNotContain("script-src 'self';", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongVerbOnAnApiRoute_StillAnswers405()
    {
        var response = await api.Client.DeleteAsync("/api/v1/regions");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex("<script[^>]*\\bsrc=\"([^\"]+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptSource();
}
