using System.Net;
using System.Text.Json;
using Investment.Api.Tests.Infrastructure;

namespace Investment.Api.Tests.Features.Figures;

/// <summary>The figures DESIGN.md says the system must reproduce, read from the seeded database through HTTP.</summary>
public sealed class DesignFiguresTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    private const string Zhuji = "330681";
    private const string Wenling = "331081";
    private const string Shaoxing = "330600";

    private static decimal? R3(JsonElement e) =>
        e.ValueKind == JsonValueKind.Null ? null : decimal.Round(e.GetDecimal(), 3, MidpointRounding.AwayFromZero);

    private async Task<JsonElement> GetAsync(string url) => await (await api.Client.GetAsync(url)).ReadAsync<JsonElement>();

    private async Task<JsonElement> RegionFiguresAsync(string region, string query) =>
        await GetAsync($"/api/v1/regions/{region}/figures?{query}");

    private async Task<long> ProjectIdAsync(string code)
    {
        var page = await GetAsync($"/api/v1/projects?q={code}");
        return page.GetProperty("items").EnumerateArray().Single(p => p.GetProperty("code").GetString() == code)
            .GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task Zhuji2023_KeyProjects_Plan615000Actual637000_103Point6Percent()
    {
        var region = await RegionFiguresAsync(Zhuji, "period=2023-12&scope=key_project");
        var f = region.GetProperty("figures");

        Assert.Equal(615000m, f.GetProperty("plan").GetDecimal());
        Assert.Equal(637000m, f.GetProperty("ytdActual").GetDecimal());
        Assert.Equal(1.036m, R3(f.GetProperty("completionRate")));
        Assert.Equal(13, region.GetProperty("projectCount").GetInt32());
    }

    [Fact]
    public async Task Zhuji2023_Comprehensive_Plan308000Actual333000_108Point1Percent()
    {
        var f = (await RegionFiguresAsync(Zhuji, "period=2023-12&scope=comprehensive")).GetProperty("figures");

        Assert.Equal(308000m, f.GetProperty("plan").GetDecimal());
        Assert.Equal(333000m, f.GetProperty("ytdActual").GetDecimal());
        Assert.Equal(1.081m, R3(f.GetProperty("completionRate")));
    }

    [Fact]
    public async Task Zhuji2023_Effective_AgainstTask398000_154Point3PercentAndGrowth69Point9()
    {
        var region = await RegionFiguresAsync(Zhuji, "period=2023-12&scope=effective");
        var f = region.GetProperty("figures");

        Assert.Equal(614000m, f.GetProperty("ytdActual").GetDecimal());
        Assert.Equal(398000m, region.GetProperty("task").GetDecimal());
        Assert.Equal(1.543m, R3(region.GetProperty("taskCompletionRate")));
        Assert.Equal(361389m, f.GetProperty("previousYearYtd").GetDecimal());
        Assert.Equal(0.699m, R3(f.GetProperty("yoyGrowth")));
        Assert.Equal(0.1m, region.GetProperty("growthTarget").GetDecimal());
    }

    [Fact]
    public async Task KeZhu2023_Actual229000_PhysicalCompletion137Point6Percent()
    {
        var id = await ProjectIdAsync("ZJ-KEZHU");

        var project = await GetAsync($"/api/v1/projects/{id}/figures?period=2023-12");
        var f = project.GetProperty("figures");

        Assert.Equal(229000m, f.GetProperty("ytdActual").GetDecimal());
        Assert.Equal(1.376m, R3(f.GetProperty("physicalCompletion")));
        Assert.Equal(68.8m, f.GetProperty("physicalProgress").GetDecimal());
        var section = Assert.Single(project.GetProperty("sections").EnumerateArray());
        Assert.Equal(229000m, section.GetProperty("figures").GetProperty("ytdActual").GetDecimal());
    }

    [Fact]
    public async Task G235_2023_PhysicalCompletion70Percent()
    {
        var id = await ProjectIdAsync("ZJ-G235");

        var f = (await GetAsync($"/api/v1/projects/{id}/figures?period=2023-12")).GetProperty("figures");

        Assert.Equal(0.700m, R3(f.GetProperty("physicalCompletion")));
    }

    [Fact]
    public async Task Wenling2023_ByMode_Total436800RailShare19Point2Percent()
    {
        var byMode = await GetAsync($"/api/v1/regions/{Wenling}/figures/by-mode?period=2023-12&scope=comprehensive");
        var categories = byMode.GetProperty("categories").EnumerateArray()
            .ToDictionary(c => c.GetProperty("category").GetString()!);
        var modes = categories.Values.SelectMany(c => c.GetProperty("modes").EnumerateArray())
            .ToDictionary(m => m.GetProperty("mode").GetString()!);

        Assert.Equal(436800m, byMode.GetProperty("total").GetProperty("ytdActual").GetDecimal());
        Assert.Equal(83800m, categories["rail"].GetProperty("figures").GetProperty("ytdActual").GetDecimal());
        Assert.Equal(0.192m, R3(categories["rail"].GetProperty("shareOfTotal")));
        Assert.Equal(347800m, categories["road"].GetProperty("figures").GetProperty("ytdActual").GetDecimal());
        Assert.Equal(5200m, categories["other"].GetProperty("figures").GetProperty("ytdActual").GetDecimal());
        Assert.Equal(17800m, modes["urban_rail"].GetProperty("figures").GetProperty("ytdActual").GetDecimal());
        Assert.Equal(66000m, modes["railway"].GetProperty("figures").GetProperty("ytdActual").GetDecimal());
        Assert.Equal(["road", "rail", "water", "air", "hub", "other"], categories.Keys);
    }

    [Fact]
    public async Task Shaoxing2023_CityLevel_IncludesZhuji()
    {
        var zhuji = (await RegionFiguresAsync(Zhuji, "period=2023-12&scope=comprehensive")).GetProperty("figures");
        var shaoxing = (await RegionFiguresAsync(Shaoxing, "period=2023-12&scope=comprehensive")).GetProperty("figures");

        // 诸暨 is the only 绍兴 county with seeded figures, so the city shows exactly its numbers.
        Assert.Equal(333000m, shaoxing.GetProperty("ytdActual").GetDecimal());
        Assert.Equal(zhuji.GetProperty("plan").GetDecimal(), shaoxing.GetProperty("plan").GetDecimal());
        Assert.Equal(zhuji.GetProperty("completionRate").GetDecimal(), shaoxing.GetProperty("completionRate").GetDecimal());
    }

    [Fact]
    public async Task Region_PeriodWithoutData_ReturnsZerosAndNullRates()
    {
        var region = await RegionFiguresAsync(Zhuji, "period=2010-06&scope=effective");
        var f = region.GetProperty("figures");

        foreach (var field in new[] { "plan", "monthActual", "ytdActual", "sinceStartActual", "previousYearYtd" })
        {
            Assert.Equal(0m, f.GetProperty(field).GetDecimal());
        }
        foreach (var field in new[] { "completionRate", "yoyGrowth", "timeElapsedProgress", "lag", "lagStatus" })
        {
            Assert.Equal(JsonValueKind.Null, f.GetProperty(field).ValueKind);
        }
        Assert.Equal(JsonValueKind.Null, region.GetProperty("task").ValueKind);
    }

    [Fact]
    public async Task Region_FuturePeriod_Returns400()
    {
        var response = await api.Client.GetAsync($"/api/v1/regions/{Zhuji}/figures?period=2030-01");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "period");
    }
}
