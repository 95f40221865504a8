using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Investment.Api.Data;
using Investment.Api.Tests.Infrastructure;

namespace Investment.Api.Tests.Features.Access;

/// <summary>The callers of the matrix: one per role over 诸暨 (330681), the city planner of 绍兴 (330600), and nobody.</summary>
public enum Who
{
    Admin,
    PlanningCounty,
    PlanningCity,
    Headquarters,
    Leadership,
    Anonymous,
}

/// <summary>
/// The seeded database with one signed-in client per <see cref="Who"/>. The headquarters user is scoped to one section
/// of a 诸暨 project; every in-scope world a test makes adds its section to that user's scope.
/// </summary>
public sealed class AccessMatrixFixture : ApiFixture
{
    public const string Zhuji = "330681";
    public const string Shaoxing = "330600";
    public const string Wenling = "331081";
    public const string Taizhou = "331000";

    private int _worlds;

    protected override bool Seeded => true;

    public Dictionary<Who, HttpClient> Clients { get; } = [];

    public Dictionary<Who, (string Email, string Password)> Accounts { get; } = [];

    public string HeadquartersUserId { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var home = await WorldAsync(inScope: true, grantHeadquarters: false);
        foreach (var who in Enum.GetValues<Who>())
        {
            if (who == Who.Anonymous)
            {
                Clients[who] = AnonymousClient();
                continue;
            }
            var account = await NewAccountAsync(who, home.SectionId);
            Accounts[who] = account;
            Clients[who] = await SignInAsync(account.Email, account.Password);
        }
        await using var db = CreateDb();
        HeadquartersUserId = db.Users.Single(u => u.Email == Accounts[Who.Headquarters].Email).Id;
        // The roll-up tables answer only for a period that has been rolled up; an empty run is enough here.
        db.RollupRuns.Add(new RollupRun { Year = 2023, Month = 12, ComputedAt = Now });
        await db.SaveChangesAsync();
    }

    /// <summary>A new user with the same role and scope as <paramref name="who"/> (for calls that end the caller's session).</summary>
    public async Task<(string Email, string Password)> NewAccountAsync(Who who, long? headquartersSection = null) => who switch
    {
        Who.Admin => await CreateUserAsync(Roles.Administrator),
        Who.PlanningCounty => await CreateUserAsync(Roles.Planning, regionCodes: [Zhuji]),
        Who.PlanningCity => await CreateUserAsync(Roles.Planning, regionCodes: [Shaoxing]),
        Who.Leadership => await CreateUserAsync(Roles.Leadership, regionCodes: [Zhuji]),
        Who.Headquarters => await CreateUserAsync(Roles.Headquarters, sectionIds: [headquartersSection ?? await HeadquartersSectionAsync()]),
        _ => throw new ArgumentOutOfRangeException(nameof(who)),
    };

    private async Task<long> HeadquartersSectionAsync()
    {
        await using var db = CreateDb();
        return db.UserScopes.Where(s => s.UserId == HeadquartersUserId && s.SectionId != null).OrderBy(s => s.Id).Select(s => s.SectionId!.Value).First();
    }

    /// <summary>
    /// A new project with one section, registered in 诸暨 (in scope for every caller but the anonymous one) or in 温岭
    /// (outside every scope but the administrator's). The section reports from 2023-01.
    /// </summary>
    public async Task<World> WorldAsync(bool inScope, bool grantHeadquarters = true, string? sectionRegion = null)
    {
        var region = inScope ? Zhuji : Wenling;
        var code = $"MX-{(inScope ? "IN" : "OUT")}-{Interlocked.Increment(ref _worlds)}";
        var created = await (await Client.PostAsJsonAsync("/api/v1/projects", new
        {
            code, name = $"矩阵{code}", mode = "trunk_highway", regionCode = region, totalInvestment = 100000m,
            sections = new[] { new { regionCode = sectionRegion ?? region, name = $"矩阵{code}段", apportionedInvestment = 50000m, activeFrom = "2023-01-01" } },
        }, HttpAssertions.Json)).ReadAsync<JsonElement>(HttpStatusCode.Created);
        var world = new World(this, created.GetProperty("id").GetInt64(), created.GetProperty("sections")[0].GetProperty("id").GetInt64(), region, inScope);
        if (inScope && grantHeadquarters)
        {
            // Directly, not through PUT /users (which would end the headquarters user's session).
            await using var db = CreateDb();
            db.UserScopes.Add(new UserScope { UserId = HeadquartersUserId, SectionId = world.SectionId });
            await db.SaveChangesAsync();
        }
        return world;
    }
}

/// <summary>A project and its section, with the administrator's helpers to hang more objects off them.</summary>
public sealed class World(AccessMatrixFixture api, long projectId, long sectionId, string regionCode, bool inScope)
{
    public long ProjectId { get; } = projectId;
    public long SectionId { get; } = sectionId;
    public string RegionCode { get; } = regionCode;
    public bool InScope { get; } = inScope;

    private HttpClient Admin => api.Client;

    public string P => ProjectId.ToString(CultureInfo.InvariantCulture);
    public string S => SectionId.ToString(CultureInfo.InvariantCulture);

    public async Task<long> LandIssueAsync(bool resolved = false)
    {
        var issue = await (await Admin.PostAsJsonAsync($"/api/v1/sections/{S}/land-issues",
            new { kind = "house", description = "民房1户未签约", identifiedOn = "2023-05-01" }, HttpAssertions.Json))
            .ReadAsync<JsonElement>(HttpStatusCode.Created);
        var id = issue.GetProperty("id").GetInt64();
        if (resolved)
        {
            await (await Admin.PostAsJsonAsync($"/api/v1/land-issues/{id}/resolve", new { resolvedOn = "2023-06-01", note = "已签约" }, HttpAssertions.Json))
                .ReadAsync<JsonElement>();
        }
        return id;
    }

    public async Task<long> FundingAsync() =>
        (await (await Admin.PostAsJsonAsync($"/api/v1/projects/{P}/funding",
            new { level = "county", kind = "other", committed = 100m }, HttpAssertions.Json))
            .ReadAsync<JsonElement>(HttpStatusCode.Created)).GetProperty("id").GetInt64();

    public async Task<long> QuantityTargetAsync()
    {
        var response = await Admin.PutAsJsonAsync($"/api/v1/projects/{P}/quantity-targets",
            new { year = 2023, kind = "new_rebuilt_km", target = 10m }, HttpAssertions.Json);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    public async Task PlanAsync(int year = 2023) =>
        Assert.True((await Admin.PutAsJsonAsync($"/api/v1/sections/{S}/plans/{year}", new { plannedInvestment = 1000m }, HttpAssertions.Json))
            .IsSuccessStatusCode);

    public async Task MilestoneAsync(string kind = "start") =>
        await (await Admin.PutAsJsonAsync($"/api/v1/projects/{P}/milestones/{kind}", new { actualOn = "2023-03-01" }, HttpAssertions.Json))
            .ReadAsync<JsonElement>();

    public string Report(string period) => $"/api/v1/sections/{S}/reports/{period}";

    public async Task DraftAsync(string period) =>
        await (await Admin.PutAsJsonAsync(Report(period), new { monthActual = 10m }, HttpAssertions.Json)).ReadAsync<JsonElement>(HttpStatusCode.Created);

    public async Task SubmittedAsync(string period)
    {
        await DraftAsync(period);
        await (await Admin.PostAsync($"{Report(period)}/submit", null)).ReadAsync<JsonElement>();
    }

    public async Task ApprovedAsync(string period)
    {
        await SubmittedAsync(period);
        await (await Admin.PostAsync($"{Report(period)}/approve", null)).ReadAsync<JsonElement>();
    }

    /// <summary>The current ETag of a resource, read by the administrator.</summary>
    public async Task<string> ETagAsync(string url)
    {
        var response = await Admin.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return response.Headers.ETag?.ToString() ?? throw new InvalidOperationException($"{url} sent no ETag");
    }

    public async Task ArchivedAsync() =>
        await (await Admin.PostAsync($"/api/v1/projects/{P}/archive", null)).ReadAsync<JsonElement>();

    public async Task<long> SecondSectionAsync(string regionCode) =>
        (await (await Admin.PostAsJsonAsync($"/api/v1/projects/{P}/sections",
            new { regionCode, apportionedInvestment = 1000m, activeFrom = "2023-01-01" }, HttpAssertions.Json))
            .ReadAsync<JsonElement>(HttpStatusCode.Created)).GetProperty("id").GetInt64();

    public static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);
}
