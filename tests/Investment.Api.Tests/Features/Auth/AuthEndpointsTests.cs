using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Investment.Api.Data;
using Investment.Api.Features.Auth;
using Investment.Api.Tests.Infrastructure;

namespace Investment.Api.Tests.Features.Auth;

public sealed class AuthEndpointsTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    private const string Zhuji = "330681";

    [Fact]
    public async Task Login_RightPassword_ReturnsOpaqueBearerAndRefreshTokens_ThatOpenTheApi()
    {
        var (email, password) = await api.CreateUserAsync(Roles.Planning, regionCodes: [Zhuji]);
        var client = api.AnonymousClient();

        var tokens = await ApiFixture.LoginAsync(client, email, password);

        Assert.Equal("Bearer", tokens.GetProperty("tokenType").GetString());
        Assert.Equal(3600, tokens.GetProperty("expiresIn").GetInt32());
        Assert.False(string.IsNullOrEmpty(tokens.GetProperty("refreshToken").GetString()));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/projects")).StatusCode);
    }

    [Fact]
    public async Task Login_WrongPasswordOrUnknownUser_Returns401WithTheSameAnswer()
    {
        var (email, _) = await api.CreateUserAsync(Roles.Leadership, regionCodes: [Zhuji]);
        var client = api.AnonymousClient();

        var wrong = await (await client.PostJsonAsync("/api/v1/auth/login", new { email, password = "Wrong-password-1" }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);
        var unknown = await (await client.PostJsonAsync("/api/v1/auth/login", new { email = "nobody@test.local", password = "Wrong-password-1" }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal(wrong.GetProperty("detail").GetString(), unknown.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Login_FiveWrongPasswords_LockTheAccountEvenForTheRightOne()
    {
        var (email, password) = await api.CreateUserAsync(Roles.Leadership, regionCodes: [Zhuji]);
        var client = api.AnonymousClient();
        for (var i = 0; i < 5; i++)
        {
            await (await client.PostJsonAsync("/api/v1/auth/login", new { email, password = $"Wrong-password-{i}" }))
                .AssertProblemAsync(HttpStatusCode.Unauthorized);
        }

        var locked = await client.PostJsonAsync("/api/v1/auth/login", new { email, password });

        await locked.AssertProblemAsync(HttpStatusCode.Unauthorized);
        await using var db = api.CreateDb();
        var user = db.Users.Single(u => u.Email == email);
        Assert.True(user.LockoutEnd > DateTimeOffset.UtcNow.AddMinutes(14), $"locked until {user.LockoutEnd}");
    }

    [Fact]
    public async Task NoSelfRegistration_AndOnlyTheAuthEndpointsWeNeed()
    {
        var register = await api.Client.PostJsonAsync("/api/v1/auth/register", new { email = "me@test.local", password = "Abcdefgh1234" });
        Assert.Equal(HttpStatusCode.NotFound, register.StatusCode);
        foreach (var path in new[] { "/api/v1/auth/forgotPassword", "/api/v1/auth/resetPassword", "/api/v1/auth/manage/2fa" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await api.Client.PostJsonAsync(path, new { })).StatusCode);
        }
    }

    [Fact]
    public async Task AccessToken_PastItsLifetime_Returns401_AndRefreshGivesANewOne()
    {
        var (email, password) = await api.CreateUserAsync(Roles.Planning, regionCodes: [Zhuji]);
        var client = api.AnonymousClient();
        var tokens = await ApiFixture.LoginAsync(client, email, password);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/regions")).StatusCode);
        try
        {
            api.Clock.Advance(TimeSpan.FromMinutes(59));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/regions")).StatusCode);
            api.Clock.Advance(TimeSpan.FromMinutes(2));

            var expired = await client.GetAsync("/api/v1/regions");

            await expired.AssertProblemAsync(HttpStatusCode.Unauthorized);
            Assert.Contains("Bearer", expired.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

            var refreshed = await (await api.AnonymousClient().PostJsonAsync("/api/v1/auth/refresh",
                new { refreshToken = tokens.GetProperty("refreshToken").GetString() })).ReadAsync<JsonElement>();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", refreshed.GetProperty("accessToken").GetString());
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/regions")).StatusCode);
        }
        finally
        {
            api.Clock.Set(ApiFixture.Now);
        }
    }

    [Fact]
    public async Task RefreshToken_PastFourteenDays_Returns401()
    {
        var (email, password) = await api.CreateUserAsync(Roles.Planning, regionCodes: [Zhuji]);
        var tokens = await ApiFixture.LoginAsync(api.AnonymousClient(), email, password);
        try
        {
            api.Clock.Advance(TimeSpan.FromDays(14) + TimeSpan.FromSeconds(1));
            var refresh = await api.AnonymousClient().PostJsonAsync("/api/v1/auth/refresh",
                new { refreshToken = tokens.GetProperty("refreshToken").GetString() });
            await refresh.AssertProblemAsync(HttpStatusCode.Unauthorized);
        }
        finally
        {
            api.Clock.Set(ApiFixture.Now);
        }
    }

    [Fact]
    public async Task Logout_EndsTheAccessToken_AndTheRefreshToken()
    {
        var (email, password) = await api.CreateUserAsync(Roles.Headquarters, sectionIds: [await FirstZhujiSectionAsync()]);
        var client = api.AnonymousClient();
        var tokens = await ApiFixture.LoginAsync(client, email, password);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/auth/manage/info")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/v1/auth/logout", null)).StatusCode);

        await (await client.GetAsync("/api/v1/auth/manage/info")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await client.GetAsync("/api/v1/projects")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var refresh = await api.AnonymousClient().PostJsonAsync("/api/v1/auth/refresh",
            new { refreshToken = tokens.GetProperty("refreshToken").GetString() });
        await refresh.AssertProblemAsync(HttpStatusCode.Unauthorized);
        // Signing in again works: logout ends sessions, not the account.
        Assert.NotNull((await api.SignInAsync(email, password)).DefaultRequestHeaders.Authorization);
    }

    [Fact]
    public async Task CookieLogin_SetsAHttpOnlyStrictCookie_ThatOpensTheApi_UntilLogout()
    {
        var (email, password) = await api.CreateUserAsync(Roles.Leadership, regionCodes: [Zhuji]);
        var client = api.AnonymousClient();

        var login = await client.PostJsonAsync("/api/v1/auth/login?useCookies=true", new { email, password });

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var setCookie = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("investment.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        var cookie = setCookie.Split(';')[0];
        var withCookie = api.AnonymousClient();
        withCookie.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await withCookie.GetAsync("/api/v1/projects")).StatusCode);

        // A change made with the cookie, signing out included, carries the antiforgery token and its cookie.
        var antiforgery = await withCookie.GetAsync("/api/v1/auth/antiforgery");
        var token = (await antiforgery.ReadAsync<JsonElement>()).GetProperty("requestToken").GetString();
        var xsrfCookie = antiforgery.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("investment.xsrf=", StringComparison.Ordinal)).Split(';')[0];
        var logout = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/logout");
        logout.Headers.Add("Cookie", $"{cookie}; {xsrfCookie}");
        logout.Headers.Add(CrossSiteRequests.HeaderName, token);
        Assert.Equal(HttpStatusCode.NoContent, (await api.AnonymousClient().SendAsync(logout)).StatusCode);

        // Even a copy of the cookie kept from before the logout no longer works: its security stamp is stale.
        await (await withCookie.GetAsync("/api/v1/projects")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ManageInfo_ShowsRoleAndScopes_AndRefusesARoleInASelfUpdate()
    {
        var section = await FirstZhujiSectionAsync();
        var (email, password) = await api.CreateUserAsync(Roles.Headquarters, sectionIds: [section]);
        var client = await api.SignInAsync(email, password);

        var info = await (await client.GetAsync("/api/v1/auth/manage/info")).ReadAsync<JsonElement>();
        Assert.Equal(email, info.GetProperty("email").GetString());
        Assert.Equal(Roles.Headquarters, info.GetProperty("role").GetString());
        Assert.Equal(section, Assert.Single(info.GetProperty("sectionIds").EnumerateArray()).GetInt64());

        var escalate = await client.PostJsonAsync("/api/v1/auth/manage/info",
            new { oldPassword = password, newPassword = "Another-password-123", role = Roles.Administrator });
        await escalate.AssertProblemAsync(HttpStatusCode.BadRequest, "role");
        var scopes = await client.PostJsonAsync("/api/v1/auth/manage/info",
            new { oldPassword = password, newPassword = "Another-password-123", regionCodes = new[] { "330000" } });
        await scopes.AssertProblemAsync(HttpStatusCode.BadRequest, "regionCodes");
        var again = await (await client.GetAsync("/api/v1/auth/manage/info")).ReadAsync<JsonElement>();
        Assert.Equal(Roles.Headquarters, again.GetProperty("role").GetString());
    }

    [Fact]
    public async Task ChangePassword_EnforcesThePolicy_ThenEndsTheSession_AndTheNewPasswordWorks()
    {
        var (email, password) = await api.CreateUserAsync(Roles.Leadership, regionCodes: [Zhuji]);
        var client = await api.SignInAsync(email, password);

        await (await client.PostJsonAsync("/api/v1/auth/manage/info", new { oldPassword = password, newPassword = "short1A" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "newPassword");
        await (await client.PostJsonAsync("/api/v1/auth/manage/info", new { oldPassword = password, newPassword = "alllowercaseletters1" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "newPassword");
        await (await client.PostJsonAsync("/api/v1/auth/manage/info", new { oldPassword = "Not-the-password-1", newPassword = "A-good-new-password-1" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "oldPassword");

        var changed = await client.PostJsonAsync("/api/v1/auth/manage/info", new { oldPassword = password, newPassword = "A-good-new-password-1" });

        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        await (await client.GetAsync("/api/v1/projects")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await api.AnonymousClient().PostJsonAsync("/api/v1/auth/login", new { email, password })).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.NotNull(await api.SignInAsync(email, "A-good-new-password-1"));
    }

    [Fact]
    public async Task AnyApiEndpoint_WithoutCredentials_Returns401Problem_AndHealthAndOpenApiStayOpen()
    {
        var client = api.AnonymousClient();

        var response = await client.GetAsync("/api/v1/projects");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/openapi/v1.json")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/swagger/index.html")).StatusCode);
        await (await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/projects")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token") },
        })).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheBearerScheme_AndLoginNeedsNone()
    {
        var doc = await (await api.AnonymousClient().GetAsync("/openapi/v1.json")).ReadAsync<JsonElement>();

        var scheme = doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        var projects = doc.GetProperty("paths").GetProperty("/api/v1/projects").GetProperty("get");
        Assert.True(projects.GetProperty("security")[0].TryGetProperty("Bearer", out _));
        var login = doc.GetProperty("paths").GetProperty("/api/v1/auth/login").GetProperty("post");
        Assert.False(login.TryGetProperty("security", out _));
    }

    [Fact]
    public async Task AdministratorFromConfiguration_IsCreatedOnce_WithTheAdministratorRole()
    {
        var info = await (await api.Client.GetAsync("/api/v1/auth/manage/info")).ReadAsync<JsonElement>();

        Assert.Equal(ApiFixture.AdminEmail, info.GetProperty("email").GetString());
        Assert.Equal(Roles.Administrator, info.GetProperty("role").GetString());
        await using var db = api.CreateDb();
        Assert.Equal(1, db.Users.Count(u => u.Email == ApiFixture.AdminEmail));
        Assert.NotEqual(api.AdminPassword, db.Users.Single(u => u.Email == ApiFixture.AdminEmail).PasswordHash);
        // A configured database (not the private demo cluster) gets no demo users.
        Assert.False(db.Users.Any(u => u.Email!.EndsWith("@demo.local")));
    }

    [Fact]
    public void GeneratedPasswords_MeetThePolicy()
    {
        for (var i = 0; i < 50; i++)
        {
            var password = AccountBootstrap.NewPassword();
            Assert.True(password.Length >= 12 && password.Any(char.IsUpper) && password.Any(char.IsLower) && password.Any(char.IsDigit), password);
        }
    }

    private async Task<long> FirstZhujiSectionAsync()
    {
        await using var db = api.CreateDb();
        return db.Sections.Where(s => s.RegionCode == Zhuji).OrderBy(s => s.Id).Select(s => s.Id).First();
    }
}
