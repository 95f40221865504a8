using System.Net;
using System.Text;
using System.Text.Json;
using Investment.Api.Data;
using Investment.Api.Tests.Infrastructure;

namespace Investment.Api.Tests.Features.Access;

/// <summary>
/// Narrowing inside the queries: lists hold only what the caller may see, references outside the scope read as unknown,
/// a cross-county project is shared but changed only by its own county, and no role sets what it may not.
/// </summary>
public sealed class ScopeNarrowingTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    private const string Zhuji = "330681";
    private const string Shaoxing = "330600";
    private const string Wenling = "331081";
    private const string Yiwu = "330782";

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body, HttpAssertions.Json), Encoding.UTF8, "application/json");

    private static async Task<List<JsonElement>> ProjectsAsync(HttpClient client) =>
        (await (await client.GetAsync("/api/v1/projects?pageSize=200&status=all")).ReadAsync<JsonElement>())
        .GetProperty("items").EnumerateArray().ToList();

    private async Task<(long Project, long Section)> SeededAsync(string code, string regionCode)
    {
        await using var db = api.CreateDb();
        var section = db.Sections.Single(s => s.Project!.Code == code && s.RegionCode == regionCode);
        return (section.ProjectId, section.Id);
    }

    [Fact]
    public async Task ProjectList_CountyPlannerSeesTheCounty_CityPlannerItsCounties_NeitherSeesAnotherCity()
    {
        var county = await ProjectsAsync(await api.ClientForAsync(Roles.Planning, regionCodes: [Zhuji]));
        var city = await ProjectsAsync(await api.ClientForAsync(Roles.Planning, regionCodes: [Shaoxing]));
        var all = await ProjectsAsync(api.Client);

        await using (var db = api.CreateDb())
        {
            var seeded = db.Projects.Where(p => p.Code.StartsWith("ZJ-")).Select(p => p.Code).ToList();
            Assert.Equal(20, seeded.Count);
            Assert.Subset(county.Select(p => p.GetProperty("code").GetString()!).ToHashSet(), seeded.ToHashSet());
        }
        Assert.All(county, p => Assert.Equal(Zhuji, p.GetProperty("regionCode").GetString()));
        Assert.Equal(county.Select(p => p.GetProperty("code").GetString()).Order(), city.Select(p => p.GetProperty("code").GetString()).Order());
        Assert.Contains(all, p => p.GetProperty("regionCode").GetString() == Wenling);
        Assert.DoesNotContain(city, p => p.GetProperty("regionCode").GetString() == Wenling);
    }

    [Fact]
    public async Task Headquarters_SeeOnlyTheirSection_ItsProjectAndItsLandIssues()
    {
        var (project, section) = await SeededAsync("ZJ-KEZHU", Zhuji);
        var hq = await api.ClientForAsync(Roles.Headquarters, sectionIds: [section]);

        var projects = await ProjectsAsync(hq);
        var issues = await (await hq.GetAsync("/api/v1/land-issues?pageSize=200")).ReadAsync<JsonElement>();
        var regions = await (await hq.GetAsync("/api/v1/regions")).ReadAsync<JsonElement>();

        Assert.Equal(project, Assert.Single(projects).GetProperty("id").GetInt64());
        Assert.Equal(200, issues.GetProperty("totalCount").GetInt32());
        Assert.All(issues.GetProperty("items").EnumerateArray(), i => Assert.Equal(section, i.GetProperty("sectionId").GetInt64()));
        Assert.Equal(Zhuji, Assert.Single(regions.EnumerateArray()).GetProperty("code").GetString());
        var (other, _) = await SeededAsync("ZJ-G235", Zhuji);
        await (await hq.GetAsync($"/api/v1/projects/{other}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CountyLeader_RanksTheCitysCounties_ButSeesNoOtherCountysProjects()
    {
        var leader = await api.ClientForAsync(Roles.Leadership, regionCodes: [Zhuji]);
        await using (var db = api.CreateDb())
        {
            db.RollupRuns.Add(new RollupRun { Year = 2023, Month = 11, ComputedAt = ApiFixture.Now });
            await db.SaveChangesAsync();
        }

        var ranking = await leader.GetAsync($"/api/v1/exports/county-ranking?regionCode={Shaoxing}&period=2023-11");
        var cityDetail = await leader.GetAsync($"/api/v1/exports/project-detail?regionCode={Shaoxing}&period=2023-11");
        var ownDetail = await leader.GetAsync($"/api/v1/exports/project-detail?regionCode={Zhuji}&period=2023-11");

        Assert.Equal(HttpStatusCode.OK, ranking.StatusCode);
        await cityDetail.AssertProblemAsync(HttpStatusCode.BadRequest, "regionCode");
        Assert.Equal(HttpStatusCode.OK, ownDetail.StatusCode);
        var (wenlingProject, _) = await SeededAsync("WL-S1", Wenling);
        await (await leader.GetAsync($"/api/v1/projects/{wenlingProject}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await leader.GetAsync($"/api/v1/regions/{Wenling}/figures?period=2023-12")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await leader.GetAsync($"/api/v1/exports/county-ranking?regionCode=331000&period=2023-11"))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "regionCode");
    }

    [Fact]
    public async Task Planner_CannotRegisterOrMoveWorkIntoAnotherCounty()
    {
        var planner = await api.ClientForAsync(Roles.Planning, regionCodes: [Zhuji]);

        var elsewhere = await planner.PostJsonAsync("/api/v1/projects", new { code = "SN-OUT", name = "外县项目", mode = "rural_road", regionCode = Wenling });
        var created = await (await planner.PostJsonAsync("/api/v1/projects", new { code = "SN-IN", name = "本县项目", mode = "rural_road", regionCode = Zhuji }))
            .ReadAsync<JsonElement>(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt64();
        var moved = await planner.PutAsync($"/api/v1/projects/{id}", Json(new { name = "本县项目", mode = "rural_road", regionCode = Wenling }));
        var section = await planner.PostJsonAsync($"/api/v1/projects/{id}/sections", new { regionCode = Wenling });

        await elsewhere.AssertProblemAsync(HttpStatusCode.BadRequest, "regionCode");
        await moved.AssertProblemAsync(HttpStatusCode.BadRequest, "regionCode");
        await section.AssertProblemAsync(HttpStatusCode.BadRequest, "regionCode");
        var missing = await planner.GetAsync($"/api/v1/reports/missing?period=2023-12&regionCode={Wenling}");
        await missing.AssertProblemAsync(HttpStatusCode.BadRequest, "regionCode");
    }

    [Fact]
    public async Task CrossCountyProject_IsSharedForReading_ButOnlyItsOwnCountyChangesTheProject()
    {
        var (project, yiwuSection) = await SeededAsync("ZJ-ZHUYI", Yiwu);
        var (_, zhujiSection) = await SeededAsync("ZJ-ZHUYI", Zhuji);
        var yiwu = await api.ClientForAsync(Roles.Planning, regionCodes: [Yiwu]);
        var zhuji = await api.ClientForAsync(Roles.Planning, regionCodes: [Zhuji]);

        Assert.Equal(HttpStatusCode.OK, (await yiwu.GetAsync($"/api/v1/projects/{project}")).StatusCode);
        var rename = Json(new { name = "诸义高速公路（改）", mode = "expressway", regionCode = Zhuji });
        await (await yiwu.PutAsync($"/api/v1/projects/{project}", rename)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await yiwu.PostAsync($"/api/v1/projects/{project}/archive", null)).AssertProblemAsync(HttpStatusCode.Forbidden);
        var ownSection = await yiwu.PutAsync($"/api/v1/projects/{project}/sections/{yiwuSection}", Json(new { name = "义乌段" }));
        Assert.Equal(HttpStatusCode.OK, ownSection.StatusCode);
        await (await yiwu.PutAsync($"/api/v1/projects/{project}/sections/{zhujiSection}", Json(new { name = "诸暨段（改）" })))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await zhuji.PutAsync($"/api/v1/projects/{project}", rename)).StatusCode);
    }

    [Fact]
    public async Task Headquarters_CannotChangeTheProjectTotal_OrApproveTheirOwnReport()
    {
        var planner = await api.ClientForAsync(Roles.Planning, regionCodes: [Zhuji]);
        var created = await (await planner.PostJsonAsync("/api/v1/projects", new
        {
            code = "SN-HQ", name = "指挥部项目", mode = "trunk_highway", regionCode = Zhuji, totalInvestment = 1000m,
            sections = new[] { new { regionCode = Zhuji, apportionedInvestment = 1000m, activeFrom = "2023-01-01" } },
        })).ReadAsync<JsonElement>(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt64();
        var section = created.GetProperty("sections")[0].GetProperty("id").GetInt64();
        var hq = await api.ClientForAsync(Roles.Headquarters, projectIds: [id]);

        var total = await hq.PutAsync($"/api/v1/projects/{id}", Json(new { name = "指挥部项目", mode = "trunk_highway", regionCode = Zhuji, totalInvestment = 999999m }));
        await total.AssertProblemAsync(HttpStatusCode.Forbidden);
        var project = await (await api.Client.GetAsync($"/api/v1/projects/{id}")).ReadAsync<JsonElement>();
        Assert.Equal(1000m, project.GetProperty("totalInvestment").GetDecimal());

        var url = $"/api/v1/sections/{section}/reports/2023-09";
        await (await hq.PutAsync(url, Json(new { monthActual = 50m }))).ReadAsync<JsonElement>(HttpStatusCode.Created);
        await (await hq.PostAsync($"{url}/submit", null)).ReadAsync<JsonElement>();
        await (await hq.PostAsync($"{url}/approve", null)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await hq.PostJsonAsync($"{url}/return", new { reason = "自己退回" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await planner.PostAsync($"{url}/approve", null)).StatusCode);
    }

    [Theory]
    [InlineData("status", "\"approved\"")]
    [InlineData("submittedBy", "\"someone@else\"")]
    [InlineData("decidedAt", "\"2024-01-01T00:00:00Z\"")]
    [InlineData("revision", "7")]
    [InlineData("sectionId", "1")]
    public async Task ReportFields_NoClientMaySet_AreRefused(string field, string value)
    {
        var (_, section) = await SeededAsync("ZJ-G235", Zhuji);
        var hq = await api.ClientForAsync(Roles.Headquarters, sectionIds: [section]);

        var response = await hq.PutAsync($"/api/v1/sections/{section}/reports/2024-01",
            new StringContent($$"""{"monthActual": 1, "{{field}}": {{value}}}""", Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData("/api/v1/projects", """{"code":"SN-MA","name":"x","mode":"other","regionCode":"330681","status":"archived"}""", "status")]
    [InlineData("/api/v1/projects", """{"code":"SN-MA2","name":"x","mode":"other","regionCode":"330681","archivedAt":"2024-01-01T00:00:00Z"}""", "archivedAt")]
    [InlineData("/api/v1/projects", """{"code":"SN-MA3","name":"x","mode":"other","regionCode":"330681","id":5}""", "id")]
    public async Task RegistryFields_NoClientMaySet_AreRefused(string url, string json, string field)
    {
        var planner = await api.ClientForAsync(Roles.Planning, regionCodes: [Zhuji]);
        await (await planner.PostRawAsync(url, json)).AssertProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task LandIssue_ResolutionIsNotSetThroughTheEditForm()
    {
        var (_, section) = await SeededAsync("ZJ-KEZHU", Zhuji);
        var hq = await api.ClientForAsync(Roles.Headquarters, sectionIds: [section]);

        var response = await hq.PostRawAsync($"/api/v1/sections/{section}/land-issues",
            """{"kind":"house","description":"x","identifiedOn":"2023-05-01","resolvedOn":"2023-05-02"}""");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "resolvedOn");
    }
}
