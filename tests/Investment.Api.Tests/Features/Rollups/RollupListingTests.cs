using System.Net;
using System.Text.Json;
using Investment.Api.Tests.Features.Jobs;
using Investment.Api.Tests.Infrastructure;

namespace Investment.Api.Tests.Features.Rollups;

/// <summary>What a dashboard reads of the roll-ups: the whole parent in a ranking, the task ranking, the default month.</summary>
public sealed class RollupListingTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    private const string Zhuji = "330681";
    private const string Shaoxing = "330600";

    private async Task RollUpAsync(string period) =>
        JobPolling.AssertSucceeded(await JobPolling.RunAsync(api.Client, "/api/v1/rollups", new { period }));

    [Fact]
    public async Task Ranking_ListsEveryCountyOfTheCity_ThoseWithNothingUnranked()
    {
        await RollUpAsync("2023-12");

        var body = await (await api.Client.GetAsync($"/api/v1/rollups/2023-12?regionCode={Shaoxing}&scope=effective&rankBy=task"))
            .ReadAsync<JsonElement>();
        var items = body.GetProperty("items").EnumerateArray().ToList();

        // 绍兴's six counties, 诸暨 first (the only one with figures in the test seed), the rest by code and unranked.
        Assert.Equal(["330681", "330602", "330603", "330604", "330624", "330683"],
            items.Select(i => i.GetProperty("regionCode").GetString()));
        var zhuji = items[0];
        Assert.Equal(1, zhuji.GetProperty("rank").GetInt32());
        Assert.Equal(1, zhuji.GetProperty("rankByTask").GetInt32());
        Assert.Equal("1.543", zhuji.GetProperty("taskCompletionRate").GetDecimal().ToString("0.000", System.Globalization.CultureInfo.InvariantCulture));
        Assert.All(items.Skip(1), i =>
        {
            Assert.Equal(JsonValueKind.Null, i.GetProperty("rank").ValueKind);
            Assert.Equal(0m, i.GetProperty("ytdActual").GetDecimal());
            Assert.Equal("county", i.GetProperty("regionLevel").GetString());
            Assert.False(string.IsNullOrEmpty(i.GetProperty("regionName").GetString()));
        });
    }

    [Fact]
    public async Task Ranking_ByAnUnknownMetric_NamesRankBy()
    {
        await RollUpAsync("2023-12");

        await (await api.Client.GetAsync($"/api/v1/rollups/2023-12?regionCode={Shaoxing}&rankBy=best"))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "rankBy");
    }

    [Fact]
    public async Task Periods_DefaultIsTheLatestRolledUpMonthWithApprovedReportsInTheRegion()
    {
        await RollUpAsync("2023-11");
        await RollUpAsync("2024-01"); // nothing reported yet for January 2024 (the fixture's current month)

        var body = await (await api.Client.GetAsync($"/api/v1/rollups?regionCode={Zhuji}")).ReadAsync<JsonElement>();

        var items = body.GetProperty("items").EnumerateArray().ToList();
        // Other tests of this class may have rolled up 2023-12 as well; January 2024 is never the default.
        var latestReported = items.Where(i => i.GetProperty("approvedReports").GetInt32() > 0)
            .Select(i => i.GetProperty("period").GetString()).Max(StringComparer.Ordinal);
        Assert.Contains(latestReported, new[] { "2023-11", "2023-12" });
        Assert.Equal(latestReported, body.GetProperty("defaultPeriod").GetString());
        var january = items.Single(i => i.GetProperty("period").GetString() == "2024-01");
        Assert.Equal(0, january.GetProperty("approvedReports").GetInt32());
        Assert.True(items.Single(i => i.GetProperty("period").GetString() == "2023-11").GetProperty("approvedReports").GetInt32() > 0);
        Assert.Equal(items.Select(i => i.GetProperty("period").GetString()).OrderDescending(), items.Select(i => i.GetProperty("period").GetString()));
    }

    [Fact]
    public async Task Periods_ForARegionOutsideTheScope_ReadAsUnknown()
    {
        var leader = await api.ClientForAsync("leadership", regionCodes: [Zhuji]);

        await (await leader.GetAsync("/api/v1/rollups?regionCode=331081")).AssertProblemAsync(HttpStatusCode.BadRequest, "regionCode");
    }
}
