using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Investment.Api.Data;
using Investment.Api.Tests.Features.Jobs;
using Investment.Api.Tests.Infrastructure;

namespace Investment.Api.Tests.Features.Auth;

/// <summary>
/// Refresh tokens are used once: each refresh answers a new one, and an old one presented again (a stolen copy, or
/// the client's own replay) ends its family and every session of the user, and is written to the audit trail.
/// </summary>
public sealed class RefreshTokenRotationTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    private const string Zhuji = "330681";

    private async Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        await api.AnonymousClient().PostJsonAsync("/api/v1/auth/refresh", new { refreshToken });

    private static string Refresh(JsonElement tokens) => tokens.GetProperty("refreshToken").GetString()!;

    private HttpClient Bearer(JsonElement tokens)
    {
        var client = api.AnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
        return client;
    }

    [Fact]
    public async Task EachRefresh_AnswersANewRefreshToken_InIdentitysShape_AndTheChainGoesOn()
    {
        var (email, password) = await api.CreateUserAsync(Roles.Planning, regionCodes: [Zhuji]);
        var first = await ApiFixture.LoginAsync(api.AnonymousClient(), email, password);

        var second = await (await RefreshAsync(Refresh(first))).ReadAsync<JsonElement>();
        var third = await (await RefreshAsync(Refresh(second))).ReadAsync<JsonElement>();

        Assert.Equal(["accessToken", "expiresIn", "refreshToken", "tokenType"],
            second.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("Bearer", second.GetProperty("tokenType").GetString());
        Assert.Equal(3600, second.GetProperty("expiresIn").GetInt32());
        Assert.Equal(3, new[] { Refresh(first), Refresh(second), Refresh(third) }.Distinct().Count());
        Assert.Equal(HttpStatusCode.OK, (await Bearer(third).GetAsync("/api/v1/regions")).StatusCode);
        // Only hashes are kept: no stored value is a token.
        var stored = await JobPolling.QueryAsync(api.ConnectionString, "select encode(token_hash, 'base64') from refresh_tokens");
        Assert.DoesNotContain(Refresh(third), stored);
    }

    [Fact]
    public async Task AUsedRefreshTokenPresentedAgain_Is401_AndEndsEverySessionOfTheUser_AndIsAudited()
    {
        var (email, password) = await api.CreateUserAsync(Roles.Planning, regionCodes: [Zhuji]);
        var stolen = await ApiFixture.LoginAsync(api.AnonymousClient(), email, password);
        var otherDevice = await ApiFixture.LoginAsync(api.AnonymousClient(), email, password);
        var cookieClient = api.AnonymousClient();
        var cookieLogin = await cookieClient.PostAsJsonAsync("/api/v1/auth/login?useCookies=true", new { email, password });
        var cookie = cookieLogin.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("investment.auth=", StringComparison.Ordinal)).Split(';')[0];
        cookieClient.DefaultRequestHeaders.Add("Cookie", cookie);
        var rotated = await (await RefreshAsync(Refresh(stolen))).ReadAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, (await Bearer(rotated).GetAsync("/api/v1/regions")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await cookieClient.GetAsync("/api/v1/regions")).StatusCode);

        var reused = await RefreshAsync(Refresh(stolen));

        await reused.AssertProblemAsync(HttpStatusCode.Unauthorized);
        // The rightful holder's newer token, the other device's and every access token and cookie are dead too.
        await (await RefreshAsync(Refresh(rotated))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await RefreshAsync(Refresh(otherDevice))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await Bearer(rotated).GetAsync("/api/v1/regions")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await Bearer(otherDevice).GetAsync("/api/v1/regions")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await cookieClient.GetAsync("/api/v1/regions")).AssertProblemAsync(HttpStatusCode.Unauthorized);

        var userId = (await JobPolling.QueryAsync(api.ConnectionString, $"select id from users where email = '{email}'")).Single();
        var page = await (await api.Client.GetAsync("/api/v1/audit?table=refresh_token_families&pageSize=500")).ReadAsync<JsonElement>();
        var ends = page.GetProperty("items").EnumerateArray()
            .Where(e => e.GetProperty("after").GetProperty("user_id").GetString() == userId).ToList();
        var reuse = Assert.Single(ends, e => e.GetProperty("after").GetProperty("revoked_reason").GetString() == RefreshTokenFamily.Reuse);
        Assert.Equal(email, reuse.GetProperty("actor").GetString());
        Assert.Equal("update", reuse.GetProperty("action").GetString());
        // The other device's family ended with the new security stamp.
        Assert.Single(ends, e => e.GetProperty("after").GetProperty("revoked_reason").GetString() == "sessions_ended");

        // Signing in again works, and the thief's copy stays dead without ending the new session.
        var fresh = await ApiFixture.LoginAsync(api.AnonymousClient(), email, password);
        await (await RefreshAsync(Refresh(stolen))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await Bearer(fresh).GetAsync("/api/v1/regions")).StatusCode);
        await (await RefreshAsync(Refresh(fresh))).ReadAsync<JsonElement>();
    }

    [Fact]
    public async Task TwoRefreshesWithTheSameTokenAtOnce_AtMostOneWins_AndTheFamilyEnds()
    {
        var (email, password) = await api.CreateUserAsync(Roles.Leadership, regionCodes: [Zhuji]);
        var tokens = await ApiFixture.LoginAsync(api.AnonymousClient(), email, password);

        var answers = await Task.WhenAll(RefreshAsync(Refresh(tokens)), RefreshAsync(Refresh(tokens)));

        // Exactly one takes the token; the other is a second use. (The winner may itself find the family ended already.)
        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.Unauthorized);
        Assert.True(answers.Count(a => a.IsSuccessStatusCode) <= 1);
        foreach (var winner in answers.Where(a => a.IsSuccessStatusCode))
        {
            var handedOn = await winner.ReadAsync<JsonElement>();
            await (await RefreshAsync(Refresh(handedOn))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task SigningOut_AndAPasswordReset_EndTheFamilies()
    {
        var (email, password) = await api.CreateUserAsync(Roles.Planning, regionCodes: [Zhuji]);
        var signedOut = await ApiFixture.LoginAsync(api.AnonymousClient(), email, password);
        Assert.Equal(HttpStatusCode.NoContent, (await Bearer(signedOut).PostAsync("/api/v1/auth/logout", null)).StatusCode);
        await (await RefreshAsync(Refresh(signedOut))).AssertProblemAsync(HttpStatusCode.Unauthorized);

        var beforeReset = await ApiFixture.LoginAsync(api.AnonymousClient(), email, password);
        var userId = (await JobPolling.QueryAsync(api.ConnectionString, $"select id from users where email = '{email}'")).Single();
        var reset = await api.Client.PostJsonAsync($"/api/v1/users/{userId}/password", new { newPassword = "A-reset-password-123" });
        Assert.True(reset.IsSuccessStatusCode, await reset.Content.ReadAsStringAsync());

        await (await RefreshAsync(Refresh(beforeReset))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var open = await JobPolling.QueryAsync(api.ConnectionString,
            $"select id::text from refresh_token_families where user_id = '{userId}' and revoked_at is null");
        Assert.Empty(open);
    }
}
