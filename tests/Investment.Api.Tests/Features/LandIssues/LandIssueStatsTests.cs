using System.Globalization;
using System.Net;
using System.Text.Json;
using Investment.Api.Tests.Infrastructure;
using Investment.Domain.LandIssues;

namespace Investment.Api.Tests.Features.LandIssues;

/// <summary>Read-only checks of the seeded land issues: no test here writes, so the seeded counts hold for all of them.</summary>
public sealed class LandIssueStatsTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    private const string Zhuji = "330681";
    private static readonly DateOnly Today = DateOnly.FromDateTime(ApiFixture.Now.UtcDateTime);

    private async Task<JsonElement> GetAsync(string url) => await (await api.Client.GetAsync(url)).ReadAsync<JsonElement>();

    private async Task<long> ProjectIdAsync(string code)
    {
        var page = await GetAsync($"/api/v1/projects?q={code}");
        return page.GetProperty("items").EnumerateArray().Single(p => p.GetProperty("code").GetString() == code)
            .GetProperty("id").GetInt64();
    }

    private static JsonElement RowFor(JsonElement stats, string property, long id) =>
        stats.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty(property).GetInt64() == id);

    [Fact]
    public async Task Stats_ByProject_ReproducesTheSourcedCountsAndRates()
    {
        var kezhu = await ProjectIdAsync("ZJ-KEZHU");
        var g235 = await ProjectIdAsync("ZJ-G235");

        var stats = await GetAsync($"/api/v1/land-issues/stats?groupBy=project&regionCode={Zhuji}");

        var k = RowFor(stats, "projectId", kezhu);
        Assert.Equal("ZJ-KEZHU", k.GetProperty("projectCode").GetString());
        Assert.Equal(200, k.GetProperty("identified").GetInt32());
        Assert.Equal(193, k.GetProperty("resolved").GetInt32());
        Assert.Equal(7, k.GetProperty("open").GetInt32());
        Assert.Equal(0.965m, k.GetProperty("resolutionRate").GetDecimal());
        var g = RowFor(stats, "projectId", g235);
        Assert.Equal(187, g.GetProperty("identified").GetInt32());
        Assert.Equal(171, g.GetProperty("resolved").GetInt32());
        Assert.Equal(0.914m, Math.Round(g.GetProperty("resolutionRate").GetDecimal(), 3));
        Assert.Equal(Rates.Of(171m, 187m), g.GetProperty("resolutionRate").GetDecimal());
    }

    [Fact]
    public async Task Stats_FilteredToOneProject_TotalIsThatProject()
    {
        var kezhu = await ProjectIdAsync("ZJ-KEZHU");

        var stats = await GetAsync($"/api/v1/land-issues/stats?projectId={kezhu}");

        var row = Assert.Single(stats.GetProperty("rows").EnumerateArray());
        Assert.Equal(kezhu, row.GetProperty("projectId").GetInt64());
        Assert.Equal(200, stats.GetProperty("total").GetProperty("identified").GetInt32());
        Assert.Equal(193, stats.GetProperty("total").GetProperty("resolved").GetInt32());
        Assert.Equal(kezhu, stats.GetProperty("total").GetProperty("projectId").GetInt64());
    }

    [Theory]
    [InlineData(Zhuji)]
    [InlineData("330600")]
    [InlineData("330000")]
    public async Task Stats_ByRegion_Zhuji_Gives387IdentifiedAnd364Resolved(string regionCode)
    {
        var stats = await GetAsync($"/api/v1/land-issues/stats?groupBy=region&regionCode={regionCode}");

        var row = Assert.Single(stats.GetProperty("rows").EnumerateArray());
        Assert.Equal("region", row.GetProperty("group").GetString());
        Assert.Equal(Zhuji, row.GetProperty("regionCode").GetString());
        Assert.Equal("诸暨市", row.GetProperty("regionName").GetString());
        Assert.Equal(387, row.GetProperty("identified").GetInt32());
        Assert.Equal(364, row.GetProperty("resolved").GetInt32());
        var total = stats.GetProperty("total");
        Assert.Equal("total", total.GetProperty("group").GetString());
        Assert.Equal(regionCode, total.GetProperty("regionCode").GetString());
        Assert.Equal(387, total.GetProperty("identified").GetInt32());
        Assert.Equal(364, total.GetProperty("resolved").GetInt32());
        Assert.Equal(Rates.Of(364m, 387m), total.GetProperty("resolutionRate").GetDecimal());
    }

    [Fact]
    public async Task Stats_RegionWithoutIssues_HasNoRowsAndANullRate()
    {
        var stats = await GetAsync("/api/v1/land-issues/stats?groupBy=region&regionCode=331081");

        Assert.Empty(stats.GetProperty("rows").EnumerateArray());
        var total = stats.GetProperty("total");
        Assert.Equal(0, total.GetProperty("identified").GetInt32());
        Assert.Equal(JsonValueKind.Null, total.GetProperty("resolutionRate").ValueKind);
        Assert.All(total.GetProperty("openByAge").EnumerateObject(), b => Assert.Equal(0, b.Value.GetInt32()));
        Assert.Equal(LandIssueAge.Buckets, total.GetProperty("openByAge").EnumerateObject().Select(b => b.Name));
    }

    [Theory]
    [InlineData("2023-06-30")]
    [InlineData("2023-03-15")]
    [InlineData("2024-01-20")]
    public async Task Stats_AsOf_MatchesTheSeedFileOnThatDay(string asOfText)
    {
        var asOf = DateOnly.ParseExact(asOfText, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var seed = SeedLandIssue.All.Value;
        var stats = await GetAsync($"/api/v1/land-issues/stats?groupBy=project&regionCode={Zhuji}&asOf={asOfText}");
        Assert.Equal(asOfText, stats.GetProperty("asOf").GetString());

        foreach (var code in new[] { "ZJ-KEZHU", "ZJ-G235" })
        {
            var issues = seed.Where(s => s.ProjectCode == code).ToList();
            var row = RowFor(stats, "projectId", await ProjectIdAsync(code));
            AssertCounts(issues, asOf, row);
        }
        AssertCounts(seed, asOf, stats.GetProperty("total"));
    }

    [Fact]
    public async Task Stats_MidYear_IsSmallerThanYearEndAndConsistent()
    {
        var midYear = (await GetAsync($"/api/v1/land-issues/stats?groupBy=region&regionCode={Zhuji}&asOf=2023-06-30")).GetProperty("total");
        var now = (await GetAsync($"/api/v1/land-issues/stats?groupBy=region&regionCode={Zhuji}")).GetProperty("total");

        Assert.InRange(midYear.GetProperty("identified").GetInt32(), 1, now.GetProperty("identified").GetInt32() - 1);
        Assert.InRange(midYear.GetProperty("resolved").GetInt32(), 1, now.GetProperty("resolved").GetInt32() - 1);
        foreach (var t in new[] { midYear, now })
        {
            var open = t.GetProperty("open").GetInt32();
            Assert.Equal(t.GetProperty("identified").GetInt32() - t.GetProperty("resolved").GetInt32(), open);
            Assert.Equal(open, t.GetProperty("openByAge").EnumerateObject().Sum(b => b.Value.GetInt32()));
            Assert.Equal(open, t.GetProperty("openByKind").EnumerateObject().Sum(b => b.Value.GetInt32()));
            Assert.InRange(t.GetProperty("overdue").GetInt32(), 0, open);
        }
    }

    [Fact]
    public async Task Stats_BySection_NamesTheSectionAndItsProject()
    {
        var kezhu = await ProjectIdAsync("ZJ-KEZHU");

        var stats = await GetAsync($"/api/v1/land-issues/stats?groupBy=section&projectId={kezhu}");

        var row = Assert.Single(stats.GetProperty("rows").EnumerateArray());
        Assert.Equal("section", row.GetProperty("group").GetString());
        Assert.True(row.GetProperty("sectionId").GetInt64() > 0);
        Assert.Equal("柯诸高速公路诸暨段", row.GetProperty("sectionName").GetString());
        Assert.Equal("ZJ-KEZHU", row.GetProperty("projectCode").GetString());
        Assert.Equal(Zhuji, row.GetProperty("regionCode").GetString());
        Assert.Equal(200, row.GetProperty("identified").GetInt32());
    }

    [Theory]
    [InlineData("groupBy=county", "groupBy")]
    [InlineData("asOf=2023-13-01", "asOf")]
    [InlineData("asOf=20230630", "asOf")]
    [InlineData("asOf=2024-01-21", "asOf")]
    [InlineData("asOf=1989-12-31", "asOf")]
    [InlineData("regionCode=999999", "regionCode")]
    public async Task Stats_BadParameter_Returns400NamingIt(string query, string field)
    {
        await (await api.Client.GetAsync($"/api/v1/land-issues/stats?{query}")).AssertProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Stats_UnknownProject_Returns404()
    {
        await (await api.Client.GetAsync("/api/v1/land-issues/stats?projectId=987654321")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task List_OpenIssuesOfAProject_MatchTheSeedFile()
    {
        var kezhu = await ProjectIdAsync("ZJ-KEZHU");
        var expected = SeedLandIssue.All.Value.Count(s => s.ProjectCode == "ZJ-KEZHU" && s.ResolvedOn is null);

        var page = await GetAsync($"/api/v1/land-issues?projectId={kezhu}&status=open&pageSize=200");

        Assert.Equal(expected, page.GetProperty("totalCount").GetInt32());
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(expected, items.Count);
        Assert.All(items, i =>
        {
            Assert.Equal("open", i.GetProperty("status").GetString());
            Assert.Equal(kezhu, i.GetProperty("projectId").GetInt64());
            Assert.Equal("ZJ-KEZHU", i.GetProperty("projectCode").GetString());
            Assert.True(i.GetProperty("sectionId").GetInt64() > 0);
            Assert.Equal(JsonValueKind.Null, i.GetProperty("resolvedOn").ValueKind);
            var identified = DateOnly.ParseExact(i.GetProperty("identifiedOn").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            Assert.Equal(Today.DayNumber - identified.DayNumber, i.GetProperty("daysOpen").GetInt32());
        });
    }

    [Fact]
    public async Task List_Overdue_MatchesTheSeedFileAsOfToday()
    {
        var expected = SeedLandIssue.All.Value.Count(s => s.OverdueOn(Today));
        Assert.True(expected > 0, "The seed should have overdue issues for this test to mean something.");

        var page = await GetAsync($"/api/v1/land-issues?regionCode={Zhuji}&status=overdue&pageSize=200");

        Assert.Equal(expected, page.GetProperty("totalCount").GetInt32());
        Assert.All(page.GetProperty("items").EnumerateArray(), i => Assert.True(i.GetProperty("overdue").GetBoolean()));
        var stats = await GetAsync($"/api/v1/land-issues/stats?groupBy=region&regionCode={Zhuji}");
        Assert.Equal(expected, stats.GetProperty("total").GetProperty("overdue").GetInt32());
    }

    [Fact]
    public async Task List_FiltersByKindTownAndDates_MatchTheSeedFile()
    {
        var seed = SeedLandIssue.All.Value;
        var town = seed.GroupBy(s => s.Town).OrderByDescending(g => g.Count()).First().Key!;
        var from = new DateOnly(2023, 3, 1);
        var to = new DateOnly(2023, 5, 31);
        var expected = seed.Count(s => s.Kind == "house" && s.Town == town && s.IdentifiedOn >= from && s.IdentifiedOn <= to);

        var page = await GetAsync(
            $"/api/v1/land-issues?kind=house&town={Uri.EscapeDataString(town)}&identifiedFrom=2023-03-01&identifiedTo=2023-05-31");

        Assert.Equal(expected, page.GetProperty("totalCount").GetInt32());
        Assert.True(expected > 0);
        Assert.Equal(seed.Count(s => s.Kind == "grave"), (await GetAsync("/api/v1/land-issues?kind=grave&pageSize=1")).GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task List_SortedAndPaged_IsOrderedAcrossPages()
    {
        var first = await GetAsync($"/api/v1/land-issues?regionCode={Zhuji}&sort=-dueOn&pageSize=100&page=1");
        var second = await GetAsync($"/api/v1/land-issues?regionCode={Zhuji}&sort=-dueOn&pageSize=100&page=2");

        Assert.Equal(387, first.GetProperty("totalCount").GetInt32());
        var dues = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray())
            .Select(i => i.GetProperty("dueOn").GetString()!).ToList();
        Assert.Equal(200, dues.Count);
        Assert.Equal(dues.OrderByDescending(d => d, StringComparer.Ordinal), dues);
        Assert.Equal(SeedLandIssue.All.Value.Max(s => s.DueOn)!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), dues[0]);
    }

    [Theory]
    [InlineData("pageSize=201", "pageSize")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("sort=description", "sort")]
    [InlineData("sort=-reference", "sort")]
    [InlineData("status=closed", "status")]
    [InlineData("kind=mansion", "kind")]
    [InlineData("identifiedFrom=2023-02-30", "identifiedFrom")]
    [InlineData("identifiedFrom=2023-06-01&identifiedTo=2023-05-01", "identifiedTo")]
    [InlineData("regionCode=999999", "regionCode")]
    public async Task List_BadParameter_Returns400NamingIt(string query, string field)
    {
        await (await api.Client.GetAsync($"/api/v1/land-issues?{query}")).AssertProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task OpenApi_DescribesEveryLandIssueRoute()
    {
        var paths = (await GetAsync("/openapi/v1.json")).GetProperty("paths");

        foreach (var path in new[]
        {
            "/api/v1/sections/{sectionId}/land-issues", "/api/v1/land-issues", "/api/v1/land-issues/stats",
            "/api/v1/land-issues/{id}", "/api/v1/land-issues/{id}/resolve", "/api/v1/land-issues/{id}/reopen",
        })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from the OpenAPI document.");
        }
    }

    private static void AssertCounts(IReadOnlyList<SeedLandIssue> issues, DateOnly asOf, JsonElement row)
    {
        var identified = issues.Count(s => s.IdentifiedBy(asOf));
        var resolved = issues.Count(s => s.ResolvedBy(asOf));
        Assert.Equal(identified, row.GetProperty("identified").GetInt32());
        Assert.Equal(resolved, row.GetProperty("resolved").GetInt32());
        Assert.Equal(identified - resolved, row.GetProperty("open").GetInt32());
        Assert.Equal(issues.Count(s => s.OverdueOn(asOf)), row.GetProperty("overdue").GetInt32());
        Assert.Equal(Rates.Of(resolved, identified), row.GetProperty("resolutionRate").GetDecimal());

        var open = issues.Where(s => s.OpenOn(asOf)).ToList();
        var byAge = row.GetProperty("openByAge");
        Assert.Equal(LandIssueAge.Buckets, byAge.EnumerateObject().Select(b => b.Name));
        foreach (var (bucket, low, high) in new[] { ("0-30", 0, 30), ("31-90", 31, 90), ("91-180", 91, 180), ("181-365", 181, 365), (">365", 366, int.MaxValue) })
        {
            Assert.Equal(open.Count(s => asOf.DayNumber - s.IdentifiedOn.DayNumber is var d && d >= low && d <= high),
                byAge.GetProperty(bucket).GetInt32());
        }
        foreach (var kind in new[] { "house", "crops", "power_tower", "grave", "enterprise", "farmland", "other" })
        {
            Assert.Equal(open.Count(s => s.Kind == kind), row.GetProperty("openByKind").GetProperty(kind).GetInt32());
        }
    }
}
