using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Investment.Api.Tests.Infrastructure;

namespace Investment.Api.Tests.Features.Reporting;

/// <summary>
/// Each test works in its own county (no test here adds plans in 诸暨), so the counts of one never include another's
/// sections.
/// </summary>
public sealed class MissingReportsTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    private const string Xinchang = "330624";
    private const string Yuecheng = "330602";
    private const string Shangyu = "330604";

    private async Task<JsonElement> MissingAsync(string query) =>
        await (await api.Client.GetAsync($"/api/v1/reports/missing?{query}")).ReadAsync<JsonElement>();

    private static (int Expected, int Approved, int Missing, int Unapproved) Counts(JsonElement body)
    {
        var c = body.GetProperty("counts");
        return (c.GetProperty("expected").GetInt32(), c.GetProperty("approved").GetInt32(),
            c.GetProperty("missing").GetInt32(), c.GetProperty("unapproved").GetInt32());
    }

    [Fact]
    public async Task Missing_SeedZhujiDecember_FifteenPlannedSectionsApproved_TheFiveWithoutAPlanMissing()
    {
        var body = await MissingAsync("period=2023-12&regionCode=330681");

        // Plan or no plan (issue 11): 诸暨's 20 seeded sections are expected; it was (15, 15, 0, 0) when only the 15
        // with a 2023 plan were. The five without one never reported.
        Assert.Equal((20, 15, 5, 0), Counts(body));
        Assert.Equal(["ZJ-CLXT", "ZJ-HEWEN", "ZJ-S309", "ZJ-ZHUSHENG", "ZJ-ZHUYI"],
            body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("projectCode").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal("2023-12", body.GetProperty("period").GetString());
    }

    [Fact]
    public async Task Missing_ApprovedMonthWithAnOpenCorrection_StillCountsAsApproved()
    {
        await using var db = api.CreateDb();
        var sectionId = db.Sections.Where(s => s.Project!.Code == "ZJ-G235").Select(s => s.Id).Single();
        await (await api.StepAsync(sectionId, "2023-06", "corrections", new { monthActual = 1m, reason = "核减" }))
            .ReadAsync<JsonElement>(HttpStatusCode.Created);

        var body = await MissingAsync("period=2023-06&regionCode=330681");

        // The five seeded sections without a 2023 plan are the only ones listed (they never reported).
        Assert.Equal((20, 15, 5, 0), Counts(body));
        Assert.DoesNotContain(body.GetProperty("items").EnumerateArray(), i => i.GetProperty("sectionId").GetInt64() == sectionId);
    }

    [Fact]
    public async Task Missing_NewPlannedSection_MovesFromMissingThroughEachStateToApproved()
    {
        var (projectId, sectionId) = await api.NewSectionAsync("RM-STATES", Xinchang);
        await api.AddPlanAsync(sectionId, 2023);
        var query = $"period=2023-12&regionCode={Xinchang}";

        var before = await MissingAsync(query);
        Assert.Equal((1, 0, 1, 0), Counts(before));
        var item = Assert.Single(before.GetProperty("items").EnumerateArray());
        Assert.Equal(sectionId, item.GetProperty("sectionId").GetInt64());
        Assert.Equal(projectId, item.GetProperty("projectId").GetInt64());
        Assert.Equal("RM-STATES", item.GetProperty("projectCode").GetString());
        Assert.Equal(Xinchang, item.GetProperty("regionCode").GetString());
        Assert.Equal("新昌县", item.GetProperty("regionName").GetString());
        Assert.Equal("missing", item.GetProperty("state").GetString());

        await api.PutReportAsync(sectionId, "2023-12", new { monthActual = 10m });
        var drafted = await MissingAsync(query);
        Assert.Equal((1, 0, 0, 1), Counts(drafted));
        Assert.Equal("draft", drafted.GetProperty("items")[0].GetProperty("state").GetString());

        await api.StepAsync(sectionId, "2023-12", "submit");
        Assert.Equal("submitted", (await MissingAsync(query)).GetProperty("items")[0].GetProperty("state").GetString());

        await api.StepAsync(sectionId, "2023-12", "return", new { reason = "请补充问题说明" });
        Assert.Equal("returned", (await MissingAsync(query)).GetProperty("items")[0].GetProperty("state").GetString());

        await api.StepAsync(sectionId, "2023-12", "submit");
        await api.StepAsync(sectionId, "2023-12", "approve");
        var approved = await MissingAsync(query);
        Assert.Equal((1, 1, 0, 0), Counts(approved));
        Assert.Equal(0, approved.GetProperty("items").GetArrayLength());

        // The city level includes the county (and other tests' counties, so only a lower bound); a project filter narrows it.
        var city = await MissingAsync("period=2023-12&regionCode=330600");
        Assert.True(Counts(city).Approved >= 16, city.ToString());
        Assert.DoesNotContain(city.GetProperty("items").EnumerateArray(), i => i.GetProperty("sectionId").GetInt64() == sectionId);
        Assert.Equal((1, 1, 0, 0), Counts(await MissingAsync($"period=2023-12&projectId={projectId}")));
        // The same section did not report November.
        Assert.Equal((1, 0, 1, 0), Counts(await MissingAsync($"period=2023-11&regionCode={Xinchang}")));
    }

    [Fact]
    public async Task Missing_OnlyExpectedSectionsCount_PlanOrNoPlan_ThroughTheCompletionAcceptanceMonth()
    {
        var (_, expected) = await api.NewSectionAsync("RM-EXP", Shangyu);
        await api.AddPlanAsync(expected, 2023);
        var (_, later) = await api.NewSectionAsync("RM-LATER", Shangyu, activeFrom: "2024-01-01");
        await api.AddPlanAsync(later, 2023);
        var (_, unplanned) = await api.NewSectionAsync("RM-NOPLAN", Shangyu);
        await api.AddPlanAsync(unplanned, 2022);
        var (archivedProject, archived) = await api.NewSectionAsync("RM-ARCH", Shangyu);
        await api.AddPlanAsync(archived, 2023);
        await (await api.Client.PostJsonAsync($"/api/v1/projects/{archivedProject}/archive", new { })).ReadAsync<JsonElement>();
        var (acceptedProject, accepted) = await api.NewSectionAsync("RM-DONE", Shangyu);
        await api.AddPlanAsync(accepted, 2023);
        await (await api.Client.PutAsJsonAsync($"/api/v1/projects/{acceptedProject}/milestones/completion_acceptance",
            new { actualOn = "2023-11-20" }, HttpAssertions.Json)).ReadAsync<JsonElement>();

        var body = await MissingAsync($"period=2023-12&regionCode={Shangyu}");

        Assert.Equal((2, 0, 2, 0), Counts(body));
        Assert.Equal([expected, unplanned], body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sectionId").GetInt64()).Order());
        // November is the completion acceptance's month: still owed.
        var november = await MissingAsync($"period=2023-11&regionCode={Shangyu}");
        Assert.Equal([expected, unplanned, accepted], november.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sectionId").GetInt64()).Order());
        var january = await MissingAsync($"period=2024-01&regionCode={Shangyu}");
        Assert.Equal([expected, later, unplanned], january.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sectionId").GetInt64()).Order());
    }

    [Fact]
    public async Task Missing_SortedByRegionThenProjectCode()
    {
        foreach (var code in new[] { "RM-SORT-C", "RM-SORT-A", "RM-SORT-B" })
        {
            var (_, sectionId) = await api.NewSectionAsync(code, Yuecheng);
            await api.AddPlanAsync(sectionId, 2023);
        }

        var body = await MissingAsync("period=2023-10&regionCode=330000");

        var items = body.GetProperty("items").EnumerateArray()
            .Select(i => (Region: i.GetProperty("regionCode").GetString()!, Code: i.GetProperty("projectCode").GetString()!)).ToList();
        var sorted = items.OrderBy(i => i.Region, StringComparer.Ordinal).ThenBy(i => i.Code, StringComparer.Ordinal).ToList();
        Assert.Equal(sorted, items);
        Assert.Equal(["RM-SORT-A", "RM-SORT-B", "RM-SORT-C"], items.Where(i => i.Region == Yuecheng).Select(i => i.Code));
    }

    [Theory]
    [InlineData("regionCode=330681", "period")]
    [InlineData("period=2023-13&regionCode=330681", "period")]
    [InlineData("period=2024-02", "period")]
    [InlineData("period=2023-12&regionCode=999999", "regionCode")]
    public async Task Missing_BadQuery_Returns400(string query, string field)
    {
        await (await api.Client.GetAsync($"/api/v1/reports/missing?{query}")).AssertProblemAsync(HttpStatusCode.BadRequest, field);
    }
}
