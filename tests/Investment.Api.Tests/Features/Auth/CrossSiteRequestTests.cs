using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Investment.Api.Data;
using Investment.Api.Features.Auth;
using Investment.Api.Tests.Features.Reporting;
using Investment.Api.Tests.Infrastructure;

namespace Investment.Api.Tests.Features.Auth;

/// <summary>
/// A change made with the session cookie needs the antiforgery token in a header; one made with a bearer token does
/// not. Each test uses a new section of its own (the fixture's clock is 2024-01-20, so 2023-12 is reportable).
/// </summary>
public sealed class CrossSiteRequestTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    private async Task<CookieSession> SignInWithCookieAsync(string email, string password)
    {
        var session = new CookieSession(api.AnonymousClient());
        var login = await session.SendAsync(HttpMethod.Post, "/api/v1/auth/login?useCookies=true", JsonContent.Create(new { email, password }));
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        return session;
    }

    private async Task<(long SectionId, CookieSession Session)> HeadquartersAsync(string code)
    {
        var (_, sectionId) = await api.NewSectionAsync(code);
        var (email, password) = await api.CreateUserAsync(Roles.Headquarters, sectionIds: [sectionId]);
        return (sectionId, await SignInWithCookieAsync(email, password));
    }

    private static JsonContent Draft(decimal amount) => JsonContent.Create(new { monthActual = amount }, options: HttpAssertions.Json);

    [Fact]
    public async Task CookieChange_WithoutTheToken_IsRefused_AndNothingIsStored()
    {
        var (sectionId, session) = await HeadquartersAsync("CSRF-NONE");

        var refused = await session.SendAsync(HttpMethod.Put, ReportingArrange.Url(sectionId, "2023-12"), Draft(12m));

        var problem = await refused.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(CrossSiteRequests.ErrorCode, problem.GetProperty("code").GetString());
        Assert.Empty(await api.StoredAsync(sectionId, "2023-12"));
    }

    [Fact]
    public async Task CrossSiteFormPost_WithAValidCookie_ChangesNothing()
    {
        var (sectionId, session) = await HeadquartersAsync("CSRF-FORM");
        var token = await session.TokenAsync();
        await (await session.SendAsync(HttpMethod.Put, ReportingArrange.Url(sectionId, "2023-12"), Draft(7m), token))
            .ReadAsync<JsonElement>(HttpStatusCode.Created);

        // What another site's hidden form can send: the browser adds the cookies, never the header.
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = "guess", ["monthActual"] = "1" });
        var submitted = await session.SendAsync(HttpMethod.Post, $"{ReportingArrange.Url(sectionId, "2023-12")}/submit", form);

        // Refused for what it is, a form, before the token is even looked at.
        await submitted.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        var stored = Assert.Single(await api.StoredAsync(sectionId, "2023-12"));
        Assert.Equal((ReportStatuses.Draft, 7m), (stored.Status, stored.MonthActual));
    }

    [Fact]
    public async Task CookieChange_WithTheToken_GoesThrough_AndAnotherUsersTokenDoesNot()
    {
        var (sectionId, session) = await HeadquartersAsync("CSRF-OK");
        var (_, other) = await HeadquartersAsync("CSRF-OTHER");
        var othersToken = await other.TokenAsync();

        var foreign = await session.SendAsync(HttpMethod.Put, ReportingArrange.Url(sectionId, "2023-12"), Draft(3m), othersToken);
        await foreign.AssertProblemAsync(HttpStatusCode.BadRequest);

        var ok = await session.SendAsync(HttpMethod.Put, ReportingArrange.Url(sectionId, "2023-12"), Draft(3m), await session.TokenAsync());
        await ok.ReadAsync<JsonElement>(HttpStatusCode.Created);
        Assert.Equal(3m, Assert.Single(await api.StoredAsync(sectionId, "2023-12")).MonthActual);
    }

    [Fact]
    public async Task BearerChange_NeedsNoToken()
    {
        var (_, sectionId) = await api.NewSectionAsync("CSRF-BEARER");
        var headquarters = await api.ClientForAsync(Roles.Headquarters, sectionIds: [sectionId]);

        var saved = await headquarters.PutAsync(ReportingArrange.Url(sectionId, "2023-12"), Draft(4m));

        await saved.ReadAsync<JsonElement>(HttpStatusCode.Created);
    }

    [Fact]
    public async Task SigningIn_NeedsNoToken_AndTheTokenNeedsASignIn()
    {
        var anonymous = api.AnonymousClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/auth/antiforgery")).StatusCode);
        var (email, password) = await api.CreateUserAsync(Roles.Leadership, regionCodes: [ReportingArrange.Zhuji]);

        var session = await SignInWithCookieAsync(email, password);

        Assert.False(string.IsNullOrEmpty(await session.TokenAsync()));
    }
}
