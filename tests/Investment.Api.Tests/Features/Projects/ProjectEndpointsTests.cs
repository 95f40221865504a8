using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Investment.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Tests.Features.Projects;

public sealed class ProjectEndpointsTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    private const string Zhuji = "330681";
    private const string Keqiao = "330603";

    private static object NewProject(string code, decimal? total = 10000m, object[]? sections = null, object[]? milestones = null) => new
    {
        code,
        name = $"测试项目{code}",
        routeCode = "G235",
        mode = "trunk_highway",
        scopes = new[] { "key_project", "effective" },
        totalInvestment = total,
        lengthKm = 12.5m,
        owner = "测试指挥部",
        regionCode = Zhuji,
        sections,
        milestones,
    };

    private async Task<JsonElement> CreateAsync(object body) =>
        await (await api.Client.PostJsonAsync("/api/v1/projects", body)).ReadAsync<JsonElement>(HttpStatusCode.Created);

    [Fact]
    public async Task Create_WithoutSections_GetsOneSectionHoldingTheTotal()
    {
        var created = await CreateAsync(NewProject("T-ONE"));

        var fetched = await (await api.Client.GetAsync($"/api/v1/projects/{created.GetProperty("id").GetInt64()}")).ReadAsync<JsonElement>();
        Assert.Equal("T-ONE", fetched.GetProperty("code").GetString());
        Assert.Equal("road", fetched.GetProperty("modeCategory").GetString());
        var section = Assert.Single(fetched.GetProperty("sections").EnumerateArray());
        Assert.Equal(Zhuji, section.GetProperty("regionCode").GetString());
        Assert.Equal(10000m, section.GetProperty("apportionedInvestment").GetDecimal());
        Assert.Equal(["effective", "key_project"], fetched.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task Create_CrossCounty_KeepsEachShareExactly()
    {
        var created = await CreateAsync(NewProject("T-CROSS", 1000.1235m, sections:
        [
            new { regionCode = Zhuji, name = "诸暨段", apportionedInvestment = 600.0001m },
            new { regionCode = Keqiao, name = "柯桥段", apportionedInvestment = 400.1234m },
        ]));
        Assert.Equal(1000.1235m, created.GetProperty("apportionedTotal").GetDecimal());
        Assert.Equal(2, created.GetProperty("sections").GetArrayLength());
    }

    [Fact]
    public async Task Create_SectionActiveFrom_DefaultsToTheBureauMonth_AndCanBeGiven()
    {
        var created = await CreateAsync(NewProject("T-ACTIVE", 1000m, sections:
        [
            new { regionCode = Zhuji, apportionedInvestment = 600m },
            new { regionCode = Keqiao, apportionedInvestment = 400m, activeFrom = "2022-07-01" },
        ]));
        var byRegion = created.GetProperty("sections").EnumerateArray()
            .ToDictionary(s => s.GetProperty("regionCode").GetString()!, s => s.GetProperty("activeFrom").GetString());
        Assert.Equal("2024-01-01", byRegion[Zhuji]);
        Assert.Equal("2022-07-01", byRegion[Keqiao]);

        var midMonth = await api.Client.PostJsonAsync("/api/v1/projects", NewProject("T-ACTIVE2", sections:
            [new { regionCode = Zhuji, apportionedInvestment = 1m, activeFrom = "2022-07-15" }]));
        await midMonth.AssertProblemAsync(HttpStatusCode.BadRequest, "sections[0].activeFrom");
    }

    [Fact]
    public async Task Create_DuplicateCode_Returns409()
    {
        await CreateAsync(NewProject("T-DUP"));
        var again = await api.Client.PostJsonAsync("/api/v1/projects", NewProject("T-DUP"));
        await again.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Create_UnknownRegions_Returns400NamingEachField()
    {
        var body = new
        {
            code = "T-BADREGION", name = "x", mode = "expressway", regionCode = "999999",
            sections = new[] { new { regionCode = "888888", apportionedInvestment = 1m }, new { regionCode = "330600", apportionedInvestment = 1m } },
        };
        await (await api.Client.PostJsonAsync("/api/v1/projects", body))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "regionCode", "sections[0].regionCode", "sections[1].regionCode");
        await AssertNotStoredAsync("T-BADREGION");
    }

    [Fact]
    public async Task Create_SharesOverTotal_Returns400AndStoresNothing()
    {
        var response = await api.Client.PostJsonAsync("/api/v1/projects", NewProject("T-OVER", 1000m, sections:
        [
            new { regionCode = Zhuji, name = "诸暨段", apportionedInvestment = 600m },
            new { regionCode = Keqiao, name = "柯桥段", apportionedInvestment = 400.0001m },
        ]));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "sections");
        await AssertNotStoredAsync("T-OVER");
    }

    [Theory]
    [InlineData("""{"code":"T-NEG","name":"x","mode":"expressway","regionCode":"330681","totalInvestment":-1}""", "totalInvestment")]
    [InlineData("""{"code":"T-PREC","name":"x","mode":"expressway","regionCode":"330681","totalInvestment":1.23456}""", "totalInvestment")]
    [InlineData("""{"code":"T-HUGE","name":"x","mode":"expressway","regionCode":"330681","totalInvestment":1e30}""", "totalInvestment")]
    [InlineData("""{"code":"T-LEN","name":"x","mode":"expressway","regionCode":"330681","lengthKm":-3}""", "lengthKm")]
    [InlineData("""{"code":"T-MODE","name":"x","mode":"teleport","regionCode":"330681"}""", "mode")]
    [InlineData("""{"code":"T-SCOPE","name":"x","mode":"port","regionCode":"330681","scopes":["nope"]}""", "scopes")]
    [InlineData("""{"code":"has space","name":"x","mode":"port","regionCode":"330681"}""", "code")]
    [InlineData("""{"code":"T-NOREG","name":"x","mode":"port","regionCode":"33"}""", "regionCode")]
    [InlineData("""{"code":"T-ID","name":"x","mode":"port","regionCode":"330681","id":5}""", "id")]
    [InlineData("""{"code":"T-STATUS","name":"x","mode":"port","regionCode":"330681","status":"archived"}""", "status")]
    [InlineData("""{"code":"T-TYPO","name":"x","mode":"port","regionCode":"330681","totalInvestmnet":5}""", "totalInvestmnet")]
    [InlineData("""{"code":"T-TYPE","name":"x","mode":"port","regionCode":"330681","totalInvestment":"12"}""", "totalInvestment")]
    public async Task Create_BadField_Returns400NamingIt(string json, string field)
    {
        var response = await api.Client.PostRawAsync("/api/v1/projects", json);
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, field);
        var code = JsonDocument.Parse(json).RootElement.GetProperty("code").GetString()!;
        await AssertNotStoredAsync(code);
    }

    [Fact]
    public async Task Create_StringsOverTheirLimits_Returns400ForEach()
    {
        var body = new
        {
            code = new string('A', 33), name = new string('名', 201), routeCode = new string('G', 17), owner = new string('o', 201),
            mode = "expressway", regionCode = Zhuji,
        };
        await (await api.Client.PostJsonAsync("/api/v1/projects", body))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "code", "name", "routeCode", "owner");
    }

    [Fact]
    public async Task Create_MilestonesInWrongOrder_Returns400()
    {
        var body = NewProject("T-ORDER", milestones:
        [
            new { kind = "start", actualOn = "2023-05-01" },
            new { kind = "opening", actualOn = "2023-03-01" },
        ]);
        await (await api.Client.PostJsonAsync("/api/v1/projects", body)).AssertProblemAsync(HttpStatusCode.BadRequest, "milestones");
        await AssertNotStoredAsync("T-ORDER");
    }

    [Fact]
    public async Task Create_ActualDateInTheFuture_Returns400()
    {
        var body = NewProject("T-FUTURE", milestones: [new { kind = "start", actualOn = "2030-01-01" }]);
        await (await api.Client.PostJsonAsync("/api/v1/projects", body))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "milestones[0].actualOn");
    }

    [Fact]
    public async Task ProjectClass_FollowsTheMilestones()
    {
        var created = await CreateAsync(NewProject("T-CLASS", milestones:
        [
            new { kind = "feasibility_study", actualOn = "2022-04-01" },
            new { kind = "start", actualOn = "2023-06-15" },
        ]));
        var id = created.GetProperty("id").GetInt64();
        async Task<string?> ClassIn(int year) =>
            (await (await api.Client.GetAsync($"/api/v1/projects/{id}?year={year}")).ReadAsync<JsonElement>())
                .GetProperty("projectClass").GetProperty("class").GetString();

        Assert.Equal("reserve", await ClassIn(2021));
        Assert.Equal("preliminary", await ClassIn(2022));
        Assert.Equal("new_start", await ClassIn(2023));
        Assert.Equal("continuing", await ClassIn(2024));

        var newStarts = await (await api.Client.GetAsync($"/api/v1/projects?year=2023&class=new_start&q=T-CLASS")).ReadAsync<JsonElement>();
        Assert.Equal(1, newStarts.GetProperty("totalCount").GetInt32());
        var continuing = await (await api.Client.GetAsync($"/api/v1/projects?year=2023&class=continuing&q=T-CLASS")).ReadAsync<JsonElement>();
        Assert.Equal(0, continuing.GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task Update_WithStaleVersion_Returns412WithCurrentVersion()
    {
        var created = await CreateAsync(NewProject("T-ETAG"));
        var id = created.GetProperty("id").GetInt64();
        var version = created.GetProperty("version").GetString()!;
        var update = new { name = "改名一次", mode = "expressway", regionCode = Zhuji, totalInvestment = 10000m };

        var first = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/projects/{id}") { Content = JsonContent.Create(update) };
        first.Headers.TryAddWithoutValidation("If-Match", version);
        var firstBody = await (await api.Client.SendAsync(first)).ReadAsync<JsonElement>();
        Assert.Equal("改名一次", firstBody.GetProperty("name").GetString());
        Assert.NotEqual(version, firstBody.GetProperty("version").GetString());

        var second = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/projects/{id}") { Content = JsonContent.Create(update with { }) };
        second.Headers.TryAddWithoutValidation("If-Match", version);
        var problem = await (await api.Client.SendAsync(second)).AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(firstBody.GetProperty("version").GetString(), problem.GetProperty("currentVersion").GetString());
    }

    [Fact]
    public async Task Update_CodeIsNotSettable_Returns400()
    {
        var created = await CreateAsync(NewProject("T-NOCODE"));
        var response = await api.Client.PutAsJsonAsync($"/api/v1/projects/{created.GetProperty("id").GetInt64()}",
            new { code = "OTHER", name = "x", mode = "expressway", regionCode = Zhuji });
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "code");
    }

    [Fact]
    public async Task Update_Unknown_Returns404()
    {
        var response = await api.Client.PutAsJsonAsync("/api/v1/projects/987654321", new { name = "x", mode = "expressway", regionCode = Zhuji });
        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AddSection_ShareOverWhatIsLeft_Returns400NamingTheShare()
    {
        var created = await CreateAsync(NewProject("T-SHARE", 1000m, sections: [new { regionCode = Zhuji, apportionedInvestment = 700m }]));
        var id = created.GetProperty("id").GetInt64();

        var tooMuch = await api.Client.PostJsonAsync($"/api/v1/projects/{id}/sections", new { regionCode = Keqiao, apportionedInvestment = 300.0001m });
        var problem = await tooMuch.AssertProblemAsync(HttpStatusCode.BadRequest, "apportionedInvestment");
        Assert.Contains("300", problem.GetProperty("errors").GetProperty("apportionedInvestment")[0].GetString(), StringComparison.Ordinal);

        var exact = await api.Client.PostJsonAsync($"/api/v1/projects/{id}/sections", new { regionCode = Keqiao, apportionedInvestment = 300m });
        Assert.Equal(HttpStatusCode.Created, exact.StatusCode);
        var duplicate = await api.Client.PostJsonAsync($"/api/v1/projects/{id}/sections", new { regionCode = Keqiao, apportionedInvestment = 0m });
        await duplicate.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task ConcurrentSections_CannotTogetherExceedTheTotal()
    {
        var created = await CreateAsync(NewProject("T-RACE", 1000m, sections: [new { regionCode = Zhuji, apportionedInvestment = 0m }]));
        var id = created.GetProperty("id").GetInt64();
        var counties = new[] { "330602", "330603", "330604", "330624", "330683" };

        var responses = await Task.WhenAll(counties.Select(c =>
            api.Client.PostJsonAsync($"/api/v1/projects/{id}/sections", new { regionCode = c, apportionedInvestment = 400m })));

        Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        await using var db = api.CreateDb();
        Assert.Equal(800m, await db.Sections.Where(s => s.ProjectId == id).SumAsync(s => s.ApportionedInvestment ?? 0));
    }

    [Fact]
    public async Task Archive_HidesFromDefaultList_AndRestoreBringsBack()
    {
        var created = await CreateAsync(NewProject("T-ARCH"));
        var id = created.GetProperty("id").GetInt64();

        var archived = await (await api.Client.PostAsync($"/api/v1/projects/{id}/archive", null)).ReadAsync<JsonElement>();
        Assert.Equal("archived", archived.GetProperty("status").GetString());
        Assert.Equal(0, (await ListAsync("q=T-ARCH")).GetProperty("totalCount").GetInt32());
        Assert.Equal(1, (await ListAsync("q=T-ARCH&status=archived")).GetProperty("totalCount").GetInt32());

        await api.Client.PostAsync($"/api/v1/projects/{id}/restore", null);
        Assert.Equal(1, (await ListAsync("q=T-ARCH")).GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task Delete_ProjectWithFigures_Returns409AndKeepsIt()
    {
        await using var db = api.CreateDb();
        var seeded = await db.Projects.Where(p => db.AnnualPlans.Any(a => db.Sections.Any(s => s.Id == a.SectionId && s.ProjectId == p.Id)))
            .Select(p => p.Id).FirstAsync();
        await (await api.Client.DeleteAsync($"/api/v1/projects/{seeded}")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.True(await db.Projects.AnyAsync(p => p.Id == seeded));

        var fresh = await CreateAsync(NewProject("T-DEL"));
        Assert.Equal(HttpStatusCode.NoContent, (await api.Client.DeleteAsync($"/api/v1/projects/{fresh.GetProperty("id").GetInt64()}")).StatusCode);
        await AssertNotStoredAsync("T-DEL");
    }

    [Fact]
    public async Task List_FiltersByRegionAtEveryLevel_ModeAndScope()
    {
        var zhuji = await ListAsync($"regionCode={Zhuji}&pageSize=200");
        var shaoxing = await ListAsync("regionCode=330600&pageSize=200");
        var zhejiang = await ListAsync("regionCode=330000&pageSize=200");
        var yiyuan = await ListAsync("regionCode=370323&pageSize=200");
        Assert.True(zhuji.GetProperty("totalCount").GetInt32() > 5);
        Assert.True(shaoxing.GetProperty("totalCount").GetInt32() >= zhuji.GetProperty("totalCount").GetInt32());
        Assert.True(zhejiang.GetProperty("totalCount").GetInt32() > shaoxing.GetProperty("totalCount").GetInt32());
        Assert.DoesNotContain(yiyuan.GetProperty("items").EnumerateArray(), p => p.GetProperty("regionCode").GetString() != "370323");

        var expressways = await ListAsync("mode=expressway&pageSize=200");
        Assert.All(expressways.GetProperty("items").EnumerateArray(), p => Assert.Equal("expressway", p.GetProperty("mode").GetString()));
        var keyProjects = await ListAsync($"regionCode={Zhuji}&scope=key_project&pageSize=200");
        Assert.All(keyProjects.GetProperty("items").EnumerateArray(),
            p => Assert.Contains("key_project", p.GetProperty("scopes").EnumerateArray().Select(s => s.GetString())));
    }

    [Fact]
    public async Task List_PagesAndSortsOnWhitelistedFieldsOnly()
    {
        var page1 = await ListAsync("pageSize=3&page=1&sort=-code");
        var page2 = await ListAsync("pageSize=3&page=2&sort=-code");
        var codes = page1.GetProperty("items").EnumerateArray().Concat(page2.GetProperty("items").EnumerateArray())
            .Select(p => p.GetProperty("code").GetString()!).ToList();
        Assert.Equal(6, codes.Count);
        Assert.Equal(codes.OrderDescending(StringComparer.Ordinal), codes);

        await (await api.Client.GetAsync("/api/v1/projects?sort=password")).AssertProblemAsync(HttpStatusCode.BadRequest, "sort");
        await (await api.Client.GetAsync("/api/v1/projects?pageSize=100000")).AssertProblemAsync(HttpStatusCode.BadRequest, "pageSize");
        await (await api.Client.GetAsync("/api/v1/projects?regionCode=123456")).AssertProblemAsync(HttpStatusCode.BadRequest, "regionCode");
    }

    [Fact]
    public async Task Milestone_SetIsIdempotent_AndOrderIsChecked()
    {
        var created = await CreateAsync(NewProject("T-MS"));
        var id = created.GetProperty("id").GetInt64();
        for (var i = 0; i < 2; i++)
        {
            var put = await api.Client.PutAsJsonAsync($"/api/v1/projects/{id}/milestones/start", new { plannedOn = "2023-03-01", actualOn = "2023-03-05" });
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }
        var project = await (await api.Client.GetAsync($"/api/v1/projects/{id}")).ReadAsync<JsonElement>();
        Assert.Single(project.GetProperty("milestones").EnumerateArray());

        var early = await api.Client.PutAsJsonAsync($"/api/v1/projects/{id}/milestones/handover_acceptance", new { actualOn = "2023-01-01" });
        await early.AssertProblemAsync(HttpStatusCode.BadRequest, "actualOn");
        var unknownKind = await api.Client.PutAsJsonAsync($"/api/v1/projects/{id}/milestones/groundbreaking", new { actualOn = "2023-01-01" });
        await unknownKind.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Milestone_CompletionAcceptanceBeforeTheStart_IsRefusedWithoutAHandoverBetween()
    {
        var id = (await CreateAsync(NewProject("T-MS-LIFE"))).GetProperty("id").GetInt64();
        var start = await api.Client.PutAsJsonAsync($"/api/v1/projects/{id}/milestones/start", new { plannedOn = "2023-03-01", actualOn = "2023-03-05" });
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);

        var actual = await (await api.Client.PutAsJsonAsync($"/api/v1/projects/{id}/milestones/completion_acceptance",
            new { actualOn = "2023-02-01" })).AssertProblemAsync(HttpStatusCode.BadRequest, "actualOn");
        var message = actual.GetProperty("errors").GetProperty("actualOn")[0].GetString()!;
        Assert.Contains("completion_acceptance", message, StringComparison.Ordinal);
        Assert.Contains("start", message.Replace("completion_acceptance", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("2023-03-05", message, StringComparison.Ordinal);

        // The planned dates are held to the same order; the field named is the one whose dates disagree.
        await (await api.Client.PutAsJsonAsync($"/api/v1/projects/{id}/milestones/completion_acceptance",
            new { plannedOn = "2023-02-28", actualOn = "2023-12-20" })).AssertProblemAsync(HttpStatusCode.BadRequest, "plannedOn");

        var project = await (await api.Client.GetAsync($"/api/v1/projects/{id}")).ReadAsync<JsonElement>();
        Assert.Equal(["start"], project.GetProperty("milestones").EnumerateArray().Select(m => m.GetProperty("kind").GetString()));

        // In order, the same milestone is taken; opening before the handover may overlap in practice and is not checked.
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PutAsJsonAsync($"/api/v1/projects/{id}/milestones/completion_acceptance",
            new { plannedOn = "2024-06-30", actualOn = "2023-12-20" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PutAsJsonAsync($"/api/v1/projects/{id}/milestones/handover_acceptance",
            new { actualOn = "2023-10-01" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PutAsJsonAsync($"/api/v1/projects/{id}/milestones/opening",
            new { actualOn = "2023-09-28" })).StatusCode);
    }

    [Fact]
    public async Task Create_DrawingsBeforeTheProposal_IsRefusedWithNoStageBetween()
    {
        var body = NewProject("T-ORDER-DESIGN", milestones:
        [
            new { kind = "proposal", actualOn = "2020-05-01" },
            new { kind = "construction_drawings", actualOn = "2020-01-01" },
        ]);
        var problem = await (await api.Client.PostJsonAsync("/api/v1/projects", body)).AssertProblemAsync(HttpStatusCode.BadRequest, "milestones");
        Assert.Contains("construction_drawings", problem.GetProperty("errors").GetProperty("milestones")[0].GetString(), StringComparison.Ordinal);
        await AssertNotStoredAsync("T-ORDER-DESIGN");
    }

    private async Task<JsonElement> ListAsync(string query) =>
        await (await api.Client.GetAsync($"/api/v1/projects?{query}")).ReadAsync<JsonElement>();

    private async Task AssertNotStoredAsync(string code)
    {
        await using var db = api.CreateDb();
        Assert.False(await db.Projects.AnyAsync(p => p.Code == code), $"project {code} must not be stored");
    }
}
