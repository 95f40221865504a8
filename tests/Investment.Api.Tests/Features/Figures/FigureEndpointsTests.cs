using System.Net;
using System.Text.Json;
using Investment.Api.Tests.Infrastructure;

namespace Investment.Api.Tests.Features.Figures;

/// <summary>
/// Figures of sections, projects and regions built from scratch in counties the seeds leave empty (each test its own
/// county, so no test sees another's rows). The default lag thresholds (−0.05 / −0.10) are never changed here.
/// </summary>
public sealed class FigureEndpointsTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    // Half of 1200 due in January, 60 a month February to November, nothing in December.
    private static readonly decimal[] FrontLoaded = [600m, 60m, 60m, 60m, 60m, 60m, 60m, 60m, 60m, 60m, 60m, 0m];

    private static JsonElement Figures(JsonElement response) => response.GetProperty("figures");

    private static decimal D(JsonElement figures, string field) => figures.GetProperty(field).GetDecimal();

    [Fact]
    public async Task Section_FrontLoadedProfile_TimeElapsedDiffersFromLinear()
    {
        var (_, profiled) = await api.CreateProjectAsync("F-FRONT", ["331022"]);
        var (_, linear) = await api.CreateProjectAsync("F-LINEAR", ["331022"]);
        await api.PutPlanAsync(profiled[0], 2023, 1200m, FrontLoaded);
        await api.PutPlanAsync(linear[0], 2023, 1200m);
        await api.AddApprovedMonthsAsync(profiled[0], 2023, 200m, 1, 2, 3);
        await api.AddApprovedMonthsAsync(linear[0], 2023, 200m, 1, 2, 3);

        var withProfile = Figures(await api.GetJsonAsync($"/api/v1/sections/{profiled[0]}/figures?period=2023-03"));
        var withoutProfile = Figures(await api.GetJsonAsync($"/api/v1/sections/{linear[0]}/figures?period=2023-03"));
        var region = Figures(await api.GetJsonAsync("/api/v1/regions/331022/figures?period=2023-03"));

        Assert.Equal(Rates.Of(720m, 1200m), D(withProfile, "timeElapsedProgress"));
        Assert.Equal(0.25m, D(withoutProfile, "timeElapsedProgress"));
        Assert.Equal(0.5m, D(withProfile, "completionRate"));
        Assert.Equal(0.5m - 0.6m, D(withProfile, "lag"));
        Assert.Equal("yellow", withProfile.GetProperty("lagStatus").GetString());
        Assert.Equal("green", withoutProfile.GetProperty("lagStatus").GetString());
        // The county: (720 + 300) due of 2400.
        Assert.Equal(Rates.Of(1020m, 2400m), D(region, "timeElapsedProgress"));
        Assert.Equal(Rates.Of(1200m, 2400m), D(region, "completionRate"));
    }

    [Fact]
    public async Task Section_OnlyTheApprovedRevisionCounts()
    {
        var (_, sections) = await api.CreateProjectAsync("F-APPROVED", ["331023"]);
        var s = sections[0];
        await api.PutPlanAsync(s, 2023, 1000m);
        await api.AddReportAsync(s, 2023, 1, 10m);
        await api.AddReportAsync(s, 2023, 2, 999m, status: "superseded");
        await api.AddReportAsync(s, 2023, 2, 20m, revision: 2);
        await api.AddReportAsync(s, 2023, 3, 999m, status: "submitted");
        await api.AddReportAsync(s, 2023, 4, 999m, status: "draft");

        var f = Figures(await api.GetJsonAsync($"/api/v1/sections/{s}/figures?period=2023-04"));

        Assert.Equal(30m, D(f, "ytdActual"));
        Assert.Equal(0m, D(f, "monthActual"));
        Assert.Equal(30m, D(f, "sinceStartActual"));
    }

    [Fact]
    public async Task Section_SinceStartPreviousYearAndPhysicalProgress_ComeFromTheRightMonths()
    {
        var (_, sections) = await api.CreateProjectAsync("F-YEARS", ["331024"]);
        var s = sections[0];
        await api.PutPlanAsync(s, 2023, 400m, targetPhysicalProgress: 40m);
        await api.PutPlanAsync(s, 2022, 9999m);
        await api.AddReportAsync(s, 2021, 12, 1000m, physicalProgress: 5m);
        await api.AddReportAsync(s, 2022, 2, 50m, physicalProgress: 8m);
        await api.AddReportAsync(s, 2022, 3, 70m, physicalProgress: 9m);
        await api.AddReportAsync(s, 2022, 4, 500m, physicalProgress: 12m);
        await api.AddReportAsync(s, 2023, 1, 100m, physicalProgress: 15m);
        await api.AddReportAsync(s, 2023, 3, 60m);
        await api.AddReportAsync(s, 2023, 4, 900m, physicalProgress: 40m);

        var f = Figures(await api.GetJsonAsync($"/api/v1/sections/{s}/figures?period=2023-03"));

        Assert.Equal(400m, D(f, "plan"));
        Assert.Equal(60m, D(f, "monthActual"));
        Assert.Equal(160m, D(f, "ytdActual"));
        Assert.Equal(120m, D(f, "previousYearYtd"));
        Assert.Equal(1000m + 620m + 160m, D(f, "sinceStartActual"));
        Assert.Equal(Rates.Of(160m - 120m, 120m), D(f, "yoyGrowth"));
        // March reported no progress: the latest approved value of 2023 up to March is January's.
        Assert.Equal(15m, D(f, "physicalProgress"));
        Assert.Equal(40m, D(f, "targetPhysicalProgress"));
        Assert.Equal(Rates.Of(15m, 40m), D(f, "physicalCompletion"));
        var january2022 = Figures(await api.GetJsonAsync($"/api/v1/sections/{s}/figures?period=2022-01"));
        Assert.Equal(JsonValueKind.Null, january2022.GetProperty("physicalProgress").ValueKind);
        Assert.Equal(0m, D(january2022, "ytdActual"));
    }

    [Fact]
    public async Task Project_TwoSections_SumsThemAndListsEach()
    {
        var (projectId, sections) = await api.CreateProjectAsync("F-TWO", ["370302", "370303"], mode: "waterway");
        await api.PutPlanAsync(sections[0], 2023, 1000m, targetPhysicalProgress: 50m);
        await api.PutPlanAsync(sections[1], 2023, 3000m);
        await api.AddReportAsync(sections[0], 2023, 6, 400m, physicalProgress: 30m);
        await api.AddReportAsync(sections[1], 2023, 6, 800m);

        var project = await api.GetJsonAsync($"/api/v1/projects/{projectId}/figures?period=2023-06");
        var total = Figures(project);
        var rows = project.GetProperty("sections").EnumerateArray().ToDictionary(r => r.GetProperty("regionCode").GetString()!);
        var county = Figures(await api.GetJsonAsync("/api/v1/regions/370302/figures?period=2023-06"));
        var city = Figures(await api.GetJsonAsync("/api/v1/regions/370300/figures?period=2023-06&mode=waterway"));

        Assert.Equal(4000m, D(total, "plan"));
        Assert.Equal(1200m, D(total, "ytdActual"));
        Assert.Equal(0.3m, D(total, "completionRate"));
        Assert.Equal(0.5m, D(total, "timeElapsedProgress"));
        Assert.Equal("red", total.GetProperty("lagStatus").GetString());
        Assert.Equal(JsonValueKind.Null, total.GetProperty("physicalProgress").ValueKind);
        Assert.Equal(0.6m, D(rows["370302"].GetProperty("figures"), "physicalCompletion"));
        Assert.Equal(800m, D(rows["370303"].GetProperty("figures"), "ytdActual"));
        Assert.Equal(400m, D(county, "ytdActual"));
        Assert.Equal(JsonValueKind.Null, county.GetProperty("physicalProgress").ValueKind);
        Assert.Equal(1200m, D(city, "ytdActual"));
    }

    [Fact]
    public async Task Region_ArchivedProject_StillCounts()
    {
        var (projectId, sections) = await api.CreateProjectAsync("F-ARCHIVED", ["370304"]);
        await api.PutPlanAsync(sections[0], 2023, 100m);
        await api.AddReportAsync(sections[0], 2023, 2, 40m);
        Assert.Equal(HttpStatusCode.OK, (await api.Client.PostAsync($"/api/v1/projects/{projectId}/archive", null)).StatusCode);

        var region = await api.GetJsonAsync("/api/v1/regions/370304/figures?period=2023-02");
        var byProject = await api.GetJsonAsync("/api/v1/regions/370304/figures/by-project?period=2023-02");

        Assert.Equal(40m, D(Figures(region), "ytdActual"));
        var row = Assert.Single(byProject.GetProperty("items").EnumerateArray());
        Assert.Equal("archived", row.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ByProject_SortsMostBehindFirst_AndFiltersByLagStatus()
    {
        // June, linear: 50% due. Lags: ahead +0.1, behind −0.2 (red), slightly −0.08 (yellow), no plan (null).
        var region = "370305";
        foreach (var (code, plan, done) in new[] { ("F-AHEAD", 1000m, 600m), ("F-BEHIND", 1000m, 300m), ("F-SLIGHT", 1000m, 420m), ("F-NOPLAN", 0m, 5m) })
        {
            var (_, sections) = await api.CreateProjectAsync(code, [region], scopes: ["effective"]);
            if (plan > 0)
            {
                await api.PutPlanAsync(sections[0], 2023, plan);
            }
            await api.AddReportAsync(sections[0], 2023, 5, done);
        }
        var (_, other) = await api.CreateProjectAsync("F-OTHERSCOPE", [region], scopes: ["livelihood"]);
        await api.PutPlanAsync(other[0], 2023, 1000m);

        var all = await api.GetJsonAsync($"/api/v1/regions/{region}/figures/by-project?period=2023-06&scope=effective");
        var red = await api.GetJsonAsync($"/api/v1/regions/{region}/figures/by-project?period=2023-06&lagStatus=red");

        Assert.Equal(["F-BEHIND", "F-SLIGHT", "F-AHEAD", "F-NOPLAN"],
            all.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("code").GetString()));
        Assert.Equal(["F-OTHERSCOPE", "F-BEHIND"],
            red.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task ByMode_ListsEveryCategoryAndMode_WithZerosWhereNothingHappened()
    {
        var byMode = await api.GetJsonAsync("/api/v1/regions/370306/figures/by-mode?period=2023-12");

        var categories = byMode.GetProperty("categories").EnumerateArray().ToList();
        Assert.Equal(6, categories.Count);
        Assert.Equal(11, categories.Sum(c => c.GetProperty("modes").GetArrayLength()));
        Assert.All(categories, c => Assert.Equal(JsonValueKind.Null, c.GetProperty("shareOfTotal").ValueKind));
        Assert.Equal(0m, D(byMode.GetProperty("total"), "ytdActual"));
    }

    [Fact]
    public async Task Figures_AreTheSameNumbersAtEveryLevel()
    {
        var (projectId, sections) = await api.CreateProjectAsync("F-SAME", ["370321"], mode: "port");
        await api.PutPlanAsync(sections[0], 2023, 777.7777m, [64.8148m, 64.8148m, 64.8148m, 64.8148m, 64.8148m, 64.8148m, 64.8148m, 64.8148m, 64.8148m, 64.8148m, 64.8148m, 64.8149m]);
        await api.AddApprovedMonthsAsync(sections[0], 2023, 33.3333m, 1, 2, 3, 4, 5, 6, 7);

        var section = Figures(await api.GetJsonAsync($"/api/v1/sections/{sections[0]}/figures?period=2023-07"));
        var project = Figures(await api.GetJsonAsync($"/api/v1/projects/{projectId}/figures?period=2023-07"));
        var county = Figures(await api.GetJsonAsync("/api/v1/regions/370321/figures?period=2023-07"));
        var water = (await api.GetJsonAsync("/api/v1/regions/370321/figures/by-mode?period=2023-07")).GetProperty("categories")
            .EnumerateArray().Single(c => c.GetProperty("category").GetString() == "water");

        foreach (var field in new[] { "plan", "ytdActual", "completionRate", "timeElapsedProgress", "lag" })
        {
            Assert.Equal(D(section, field), D(project, field));
            Assert.Equal(D(section, field), D(county, field));
            Assert.Equal(D(section, field), D(water.GetProperty("figures"), field));
        }
        Assert.Equal(1m, water.GetProperty("shareOfTotal").GetDecimal());
    }

    public static TheoryData<string, string> BadQueries => new()
    {
        { "/api/v1/regions/330681/figures", "period" },
        { "/api/v1/regions/330681/figures?period=2023-13", "period" },
        { "/api/v1/regions/330681/figures?period=2023-7", "period" },
        { "/api/v1/regions/330681/figures?period=1989-12", "period" },
        { "/api/v1/regions/330681/figures?period=2024-02", "period" },
        { "/api/v1/regions/330681/figures?period=2023-12&scope=everything", "scope" },
        { "/api/v1/regions/330681/figures?period=2023-12&mode=rocket", "mode" },
        { "/api/v1/regions/330681/figures?period=2023-12&modeCategory=space", "modeCategory" },
        { "/api/v1/regions/330681/figures/by-mode?period=2030-01", "period" },
        { "/api/v1/regions/330681/figures/by-project?period=2023-12&lagStatus=amber", "lagStatus" },
        { "/api/v1/sections/1/figures?period=x", "period" },
        { "/api/v1/projects/1/figures", "period" },
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task Figures_BadQuery_Returns400NamingTheParameter(string url, string field)
    {
        await (await api.Client.GetAsync(url)).AssertProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Figures_CurrentMonth_IsAllowed()
    {
        var region = await api.GetJsonAsync("/api/v1/regions/330681/figures?period=2024-01");
        var f = Figures(region);

        Assert.Equal("2024-01", region.GetProperty("period").GetString());
        Assert.Equal(0m, D(f, "ytdActual"));
        Assert.True(D(f, "previousYearYtd") > 0m, "诸暨 reported for January 2023");
    }

    [Theory]
    [InlineData("/api/v1/sections/987654321/figures?period=2023-12")]
    [InlineData("/api/v1/projects/987654321/figures?period=2023-12")]
    [InlineData("/api/v1/regions/999999/figures?period=2023-12")]
    [InlineData("/api/v1/regions/999999/figures/by-mode?period=2023-12")]
    [InlineData("/api/v1/regions/999999/figures/by-project?period=2023-12")]
    public async Task Figures_UnknownObject_Returns404(string url)
    {
        await (await api.Client.GetAsync(url)).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
