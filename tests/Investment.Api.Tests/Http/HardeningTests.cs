using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Investment.Api.Data;
using Investment.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Tests.Http;

/// <summary>Tight limits, so the tests can reach them: 4 sign-ins a minute, 5 writes a minute, 4 KiB bodies.</summary>
public sealed class StrictLimitsFixture : ApiFixture
{
    protected override bool Seeded => true;

    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("RateLimits:LoginPerMinute", "4");
        builder.UseSetting("RateLimits:WritesPerMinute", "5");
        builder.UseSetting("Limits:MaxRequestBodyBytes", "4096");
    }
}

public sealed partial class HardeningTests(StrictLimitsFixture api) : IClassFixture<StrictLimitsFixture>
{
    [Fact]
    public async Task ApiAnswers_CarryTheSecurityHeaders_AndNoServerHeader()
    {
        foreach (var response in new[] { await api.Client.GetAsync("/api/v1/regions"), await api.AnonymousClient().GetAsync("/api/v1/projects") })
        {
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Equal("default-src 'none'; frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
            Assert.False(response.Headers.Contains("Server"));
        }
    }

    [Fact]
    public async Task SwaggerUi_GetsAPolicyThatLetsItsOwnScriptsRun()
    {
        var client = api.AnonymousClient();
        var page = await client.GetAsync("/swagger/index.html");

        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        var html = await page.Content.ReadAsStringAsync();
        var sources = ScriptSource().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(sources);
        foreach (var source in sources)
        {
            // Every script is served by this host (allowed by 'self') and is there.
            Assert.DoesNotContain("//", source, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri(new Uri("http://localhost/swagger/"), source))).StatusCode);
        }
    }

    [Fact]
    public async Task Hsts_IsSentOnHttpsOutsideDevelopment()
    {
        var response = await api.AnonymousClient("https://investment.example").GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("max-age=", response.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BodyOverTheLimit_Returns413Problem_BeforeAnythingReadsIt()
    {
        var big = JsonSerializer.Serialize(new { code = "BIG", name = new string('x', 5000), mode = "other", regionCode = "330681" });
        var small = JsonSerializer.Serialize(new { code = "SMALL", name = new string('x', 300), mode = "other", regionCode = "330681" });

        var refused = await api.Client.PostAsync("/api/v1/projects", new StringContent(big, Encoding.UTF8, "application/json"));
        var accepted = await api.Client.PostAsync("/api/v1/projects", new StringContent(small, Encoding.UTF8, "application/json"));

        var problem = await refused.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("4096", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.5.14", problem.GetProperty("type").GetString());
        Assert.NotEqual(HttpStatusCode.RequestEntityTooLarge, accepted.StatusCode);
    }

    [Fact]
    public async Task UnexpectedDatabaseError_Returns500_WithNoSqlNoStackTrace()
    {
        await using var db = api.CreateDb();
        await db.Database.ExecuteSqlRawAsync("alter table lag_thresholds rename column red_below to red_below_gone");
        try
        {
            var response = await api.Client.GetAsync("/api/v1/settings/lag-thresholds");

            var problem = await response.AssertProblemAsync(HttpStatusCode.InternalServerError);
            var body = problem.GetRawText();
            foreach (var leak in new[] { "select", "red_below", "lag_thresholds", "Npgsql", "Exception", " at ", "42703" })
            {
                Assert.DoesNotContain(leak, body, StringComparison.OrdinalIgnoreCase);
            }
        }
        finally
        {
            await db.Database.ExecuteSqlRawAsync("alter table lag_thresholds rename column red_below_gone to red_below");
        }
    }

    [GeneratedRegex("<script[^>]*src=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();
}

/// <summary>Its own fixture: exhausting the sign-in window would lock the other tests out.</summary>
public sealed class LoginRateLimitTests(StrictLimitsFixture api) : IClassFixture<StrictLimitsFixture>
{
    [Fact]
    public async Task SignIn_IsRateLimitedPerClient_With429AndRetryAfter()
    {
        var client = api.AnonymousClient();
        HttpResponseMessage? refused = null;
        // The window may have been partly used by the fixture's own sign-in, or roll over once: 2 × limit + 1 attempts suffice.
        for (var attempt = 0; attempt < 9 && refused is null; attempt++)
        {
            var response = await client.PostJsonAsync("/api/v1/auth/login", new { email = "nobody@test.local", password = "Wrong-password-1" });
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
            else
            {
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            }
        }

        Assert.NotNull(refused);
        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

}

/// <summary>Its own fixture: the administrator's writes count too.</summary>
public sealed class WriteRateLimitTests(StrictLimitsFixture api) : IClassFixture<StrictLimitsFixture>
{
    [Fact]
    public async Task Writes_AreRateLimitedPerUser_ReadsAndOtherUsersAreNot()
    {
        var busy = await api.ClientForAsync(Roles.Planning, regionCodes: ["330681"]);
        var other = await api.ClientForAsync(Roles.Planning, regionCodes: ["330681"]);
        HttpResponseMessage? refused = null;
        for (var attempt = 0; attempt < 11 && refused is null; attempt++)
        {
            // An empty body fails validation (400) but still counts as a write.
            var response = await busy.PostJsonAsync("/api/v1/projects", new { });
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
        }

        Assert.NotNull(refused);
        var problem = await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        // ASP.NET Core knows no type for 429: it is RFC 6585's.
        Assert.Equal("https://tools.ietf.org/html/rfc6585#section-4", problem.GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync("/api/v1/projects")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await other.PostJsonAsync("/api/v1/projects", new { })).StatusCode);
    }
}
