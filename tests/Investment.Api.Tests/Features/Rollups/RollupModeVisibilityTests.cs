using System.Net;
using System.Text.Json;
using Investment.Api.Data;
using Investment.Api.Tests.Features.Jobs;
using Investment.Api.Tests.Infrastructure;

namespace Investment.Api.Tests.Features.Rollups;

/// <summary>
/// Roll-up rows broken down by mode are read only in the caller's own regions: a neighbouring county's rail or waterway
/// row is often a single project. The whole scope's rows keep the ranking rule, so a county still sees its city's table.
/// </summary>
public sealed class RollupModeVisibilityTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    private const string Zhuji = "330681";
    private const string Yuecheng = "330602";
    private const string Shaoxing = "330600";

    private async Task<HttpClient> RolledUpAsync(string role, string region)
    {
        JobPolling.AssertSucceeded(await JobPolling.RunAsync(api.Client, "/api/v1/rollups", new { period = "2023-12" }));
        return await api.ClientForAsync(role, regionCodes: [region]);
    }

    private static async Task<JsonElement> ReadAsync(HttpClient client, string query) =>
        await (await client.GetAsync($"/api/v1/rollups/2023-12?{query}")).ReadAsync<JsonElement>();

    private static List<string?> Codes(JsonElement body) =>
        body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("regionCode").GetString()).ToList();

    [Theory]
    [InlineData(Roles.Planning)]
    [InlineData(Roles.Leadership)]
    public async Task ANeighbouringCounty_SeesTheCityRanking_ButNotItsCountiesByMode(string role)
    {
        // 越城 is 诸暨's neighbour in 绍兴; every figure of the seed is 诸暨's.
        var yuecheng = await RolledUpAsync(role, Yuecheng);

        var ranking = await ReadAsync(yuecheng, $"regionCode={Shaoxing}&scope=key_project");
        Assert.Contains(Zhuji, Codes(ranking));
        Assert.Equal(615000m, ranking.GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("regionCode").GetString() == Zhuji).GetProperty("plan").GetDecimal());
        await (await yuecheng.GetAsync($"/api/v1/rollups/2023-12?regionCode={Zhuji}")).ReadAsync<JsonElement>();

        foreach (var breakdown in new[] { "modeCategory=road", "mode=expressway", "modeCategory=road&mode=expressway" })
        {
            // The city and the neighbour read as unknown, exactly as a region that does not exist.
            await (await yuecheng.GetAsync($"/api/v1/rollups/2023-12?regionCode={Shaoxing}&{breakdown}"))
                .AssertProblemAsync(HttpStatusCode.BadRequest, "regionCode");
            await (await yuecheng.GetAsync($"/api/v1/rollups/2023-12?regionCode={Zhuji}&{breakdown}"))
                .AssertProblemAsync(HttpStatusCode.BadRequest, "regionCode");
            await (await yuecheng.GetAsync($"/api/v1/rollups/2023-12?regionCode=999999&{breakdown}"))
                .AssertProblemAsync(HttpStatusCode.BadRequest, "regionCode");
            // Its own county's breakdown it reads (nothing counted there: no row, and no children).
            var own = await ReadAsync(yuecheng, $"regionCode={Yuecheng}&{breakdown}");
            Assert.Empty(Codes(own));
        }
    }

    [Fact]
    public async Task TheCounty_ReadsItsOwnBreakdown()
    {
        var zhuji = await RolledUpAsync(Roles.Planning, Zhuji);

        var road = await ReadAsync(zhuji, $"regionCode={Zhuji}&scope=key_project&mode=expressway");
        Assert.Equal("road", road.GetProperty("modeCategory").GetString());
        Assert.True(road.GetProperty("region").GetProperty("ytdActual").GetDecimal() > 0);
        await (await zhuji.GetAsync($"/api/v1/rollups/2023-12?regionCode={Shaoxing}&mode=expressway"))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "regionCode");
    }

    [Fact]
    public async Task TheCity_ReadsEachOfItsCountiesByMode()
    {
        var shaoxing = await RolledUpAsync(Roles.Planning, Shaoxing);

        var road = await ReadAsync(shaoxing, $"regionCode={Shaoxing}&modeCategory=road");
        Assert.Equal(["330681", "330602", "330603", "330604", "330624", "330683"], Codes(road));
        Assert.True(road.GetProperty("region").GetProperty("ytdActual").GetDecimal() > 0);
    }

    [Fact]
    public async Task TheModeBreakdownExport_FollowsTheSameRule_AndTheRankingExportTheRankingRule()
    {
        var yuecheng = await RolledUpAsync(Roles.Planning, Yuecheng);

        await (await yuecheng.GetAsync($"/api/v1/exports/mode-breakdown?regionCode={Zhuji}&period=2023-12"))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "regionCode");
        await (await yuecheng.GetAsync($"/api/v1/exports/mode-breakdown?regionCode={Shaoxing}&period=2023-12"))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "regionCode");
        var ranking = await yuecheng.GetAsync($"/api/v1/exports/county-ranking?regionCode={Shaoxing}&period=2023-12");
        Assert.Equal(HttpStatusCode.OK, ranking.StatusCode);
    }
}
