using System.Net;
using System.Text.Json;
using Investment.Api.Data;
using Investment.Api.Tests.Infrastructure;

namespace Investment.Api.Tests.Features.Users;

public sealed class UserEndpointsTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    private const string Zhuji = "330681";
    private const string Wenling = "331081";

    private static string NewEmail(string prefix) => $"{prefix}.{Guid.NewGuid():N}"[..30] + "@test.local";

    [Fact]
    public async Task Create_PlanningUser_StoresRoleAndRegions_AndNeverShowsThePassword()
    {
        var email = NewEmail("planner");
        var response = await api.Client.PostJsonAsync("/api/v1/users",
            new { email, password = "Planning-pass-2024", role = Roles.Planning, regionCodes = new[] { Zhuji } });

        var body = await response.ReadAsync<JsonElement>(HttpStatusCode.Created);
        var id = body.GetProperty("id").GetString()!;
        Assert.Equal($"/api/v1/users/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(Roles.Planning, body.GetProperty("role").GetString());
        Assert.Equal(Zhuji, Assert.Single(body.GetProperty("regionCodes").EnumerateArray()).GetString());
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("password", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("stamp", text, StringComparison.OrdinalIgnoreCase);
        var fetched = await (await api.Client.GetAsync($"/api/v1/users/{id}")).ReadAsync<JsonElement>();
        Assert.Equal(email, fetched.GetProperty("email").GetString());
    }

    [Theory]
    [InlineData("planning", null, null, "regionCodes")]
    [InlineData("leadership", null, null, "regionCodes")]
    [InlineData("headquarters", null, null, "projectIds")]
    [InlineData("administrator", "330681", null, "regionCodes")]
    [InlineData("headquarters", "330681", 1L, "regionCodes")]
    [InlineData("planning", "330681", 1L, "projectIds")]
    [InlineData("superuser", null, null, "role")]
    public async Task Create_ScopesThatDoNotFitTheRole_Return400(string role, string? region, long? project, string field)
    {
        var response = await api.Client.PostJsonAsync("/api/v1/users", new
        {
            email = NewEmail("shape"), password = "Shape-password-2024", role,
            regionCodes = region is null ? null : new[] { region }, projectIds = project is null ? null : new[] { project.Value },
        });
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Create_UnknownRegionOrSection_Returns400NamingTheEntry()
    {
        var response = await api.Client.PostJsonAsync("/api/v1/users", new
        {
            email = NewEmail("unknown"), password = "Unknown-pass-2024", role = Roles.Headquarters, sectionIds = new[] { 999999L },
        });
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "sectionIds[0]");
        var region = await api.Client.PostJsonAsync("/api/v1/users", new
        {
            email = NewEmail("unknown"), password = "Unknown-pass-2024", role = Roles.Planning, regionCodes = new[] { Zhuji, "999999" },
        });
        await region.AssertProblemAsync(HttpStatusCode.BadRequest, "regionCodes[1]");
    }

    [Theory]
    [InlineData("Short1a")]
    [InlineData("nouppercaseletters1")]
    [InlineData("NOLOWERCASELETTERS1")]
    [InlineData("NoDigitsAtAllHere")]
    public async Task Create_WeakPassword_Returns400OnPassword(string password)
    {
        var response = await api.Client.PostJsonAsync("/api/v1/users",
            new { email = NewEmail("weak"), password, role = Roles.Leadership, regionCodes = new[] { Zhuji } });
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "password");
    }

    [Fact]
    public async Task Create_SameEmailTwice_Returns409()
    {
        var email = NewEmail("twice");
        var body = new { email, password = "Twice-password-2024", role = Roles.Leadership, regionCodes = new[] { Zhuji } };
        await (await api.Client.PostJsonAsync("/api/v1/users", body)).ReadAsync<JsonElement>(HttpStatusCode.Created);
        await (await api.Client.PostJsonAsync("/api/v1/users", body with { email = email.ToUpperInvariant() }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Update_ChangesRoleAndScopes_AndEndsTheUsersSessions()
    {
        var (email, password) = await api.CreateUserAsync(Roles.Planning, regionCodes: [Zhuji]);
        var client = await api.SignInAsync(email, password);
        var id = (await (await client.GetAsync("/api/v1/auth/manage/info")).ReadAsync<JsonElement>()).GetProperty("id").GetString();

        var updated = await api.Client.PutAsync($"/api/v1/users/{id}", Json(new
        {
            email, role = Roles.Leadership, regionCodes = new[] { Wenling }, locked = false,
        }));

        var body = await updated.ReadAsync<JsonElement>();
        Assert.Equal(Roles.Leadership, body.GetProperty("role").GetString());
        Assert.Equal(Wenling, Assert.Single(body.GetProperty("regionCodes").EnumerateArray()).GetString());
        await (await client.GetAsync("/api/v1/projects")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var again = await api.SignInAsync(email, password);
        var projects = await (await again.GetAsync("/api/v1/projects?pageSize=200")).ReadAsync<JsonElement>();
        Assert.All(projects.GetProperty("items").EnumerateArray(), p => Assert.Equal(Wenling, p.GetProperty("regionCode").GetString()));
    }

    [Fact]
    public async Task Update_Locked_RefusesSignIn_UntilUnlocked()
    {
        var (email, password) = await api.CreateUserAsync(Roles.Leadership, regionCodes: [Zhuji]);
        var id = await IdOfAsync(email);
        var body = new { email, role = Roles.Leadership, regionCodes = new[] { Zhuji }, locked = true };

        var locked = await (await api.Client.PutAsync($"/api/v1/users/{id}", Json(body))).ReadAsync<JsonElement>();

        Assert.True(locked.GetProperty("lockedOutUntil").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddYears(100));
        await (await api.AnonymousClient().PostJsonAsync("/api/v1/auth/login", new { email, password }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await api.Client.PutAsync($"/api/v1/users/{id}", Json(body with { locked = false }))).ReadAsync<JsonElement>();
        Assert.NotNull(await api.SignInAsync(email, password));
    }

    [Fact]
    public async Task ResetPassword_SetsANewOne_AndTheOldOneStopsWorking()
    {
        var (email, password) = await api.CreateUserAsync(Roles.Leadership, regionCodes: [Zhuji]);
        var old = await api.SignInAsync(email, password);
        var id = await IdOfAsync(email);

        await (await api.Client.PostJsonAsync($"/api/v1/users/{id}/password", new { newPassword = "weak" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "newPassword");
        var reset = await api.Client.PostJsonAsync($"/api/v1/users/{id}/password", new { newPassword = "Fresh-password-2024" });

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        await (await old.GetAsync("/api/v1/projects")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await api.AnonymousClient().PostJsonAsync("/api/v1/auth/login", new { email, password }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.NotNull(await api.SignInAsync(email, "Fresh-password-2024"));
    }

    [Fact]
    public async Task Delete_RemovesTheUserAndTheirScopes_AndTheirTokenStopsWorking()
    {
        var (email, password) = await api.CreateUserAsync(Roles.Planning, regionCodes: [Zhuji]);
        var client = await api.SignInAsync(email, password);
        var id = await IdOfAsync(email);

        Assert.Equal(HttpStatusCode.NoContent, (await api.Client.DeleteAsync($"/api/v1/users/{id}")).StatusCode);

        await (await api.Client.GetAsync($"/api/v1/users/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync("/api/v1/projects")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await using var db = api.CreateDb();
        Assert.False(db.UserScopes.Any(s => s.UserId == id));
    }

    [Fact]
    public async Task TheLastAdministrator_CannotBeDeletedDemotedOrLocked()
    {
        await using (var db = api.CreateDb())
        {
            // Other tests' administrators would make this one not the last.
            Assert.Equal(1, db.UserRoles.Count(r => r.RoleId == Roles.Administrator));
        }
        var me = (await (await api.Client.GetAsync("/api/v1/auth/manage/info")).ReadAsync<JsonElement>()).GetProperty("id").GetString();

        await (await api.Client.DeleteAsync($"/api/v1/users/{me}")).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await api.Client.PutAsync($"/api/v1/users/{me}", Json(new
        {
            email = ApiFixture.AdminEmail, role = Roles.Planning, regionCodes = new[] { Zhuji }, locked = false,
        }))).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await api.Client.PutAsync($"/api/v1/users/{me}", Json(new { email = ApiFixture.AdminEmail, role = Roles.Administrator, locked = true })))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, (await api.Client.GetAsync("/api/v1/users")).StatusCode);
    }

    [Fact]
    public async Task List_FiltersByRoleAndEmail_AndPages()
    {
        var (email, _) = await api.CreateUserAsync(Roles.Headquarters, sectionIds: [await FirstSectionAsync()]);

        var page = await (await api.Client.GetAsync($"/api/v1/users?role=headquarters&q={Uri.EscapeDataString(email[..20])}"))
            .ReadAsync<JsonElement>();

        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(email, item.GetProperty("email").GetString());
        Assert.Equal(1, page.GetProperty("totalCount").GetInt32());
        await (await api.Client.GetAsync("/api/v1/users?role=god&pageSize=0")).AssertProblemAsync(HttpStatusCode.BadRequest, "role", "pageSize");
    }

    [Fact]
    public async Task Create_UnknownField_IsRefused_SoNoClientSetsLockoutOrStampFields()
    {
        var response = await api.Client.PostRawAsync("/api/v1/users",
            $$"""{"email":"{{NewEmail("mass")}}","password":"Mass-password-2024","role":"leadership","regionCodes":["330681"],"securityStamp":"x"}""");
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "securityStamp");
    }

    private static StringContent Json(object body) =>
        new(JsonSerializer.Serialize(body, HttpAssertions.Json), System.Text.Encoding.UTF8, "application/json");

    private async Task<string> IdOfAsync(string email)
    {
        await using var db = api.CreateDb();
        return db.Users.Single(u => u.Email == email).Id;
    }

    private async Task<long> FirstSectionAsync()
    {
        await using var db = api.CreateDb();
        return db.Sections.OrderBy(s => s.Id).Select(s => s.Id).First();
    }
}
