using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Investment.Api.Data;
using Investment.Api.Tests.Infrastructure;
using Investment.Domain.Progress;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Tests.Features.Quantities;

public sealed class QuantityEndpointsTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    private const string Zhuji = "330681";
    // Write tests register their projects here, where the seeds have none, so the seeded region figures stay as loaded.
    private const string Yuecheng = "330602";
    private const string Shangyu = "330604";
    private const string Xinchang = "330624";

    private static string SeedFile(string name) =>
        Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory)!, "seed-data", name);

    private static decimal Number(CsvReader.CsvRow row, string column) =>
        decimal.Parse(row[column]!, NumberStyles.Number, CultureInfo.InvariantCulture);

    /// <summary>Seeded completed amounts per (project, kind) for <paramref name="year"/>, January through <paramref name="through"/>.</summary>
    private static decimal SeededCompleted(string project, string kind, int year = 2023, int through = 12) =>
        CsvReader.ReadFile(SeedFile("quantity_progress.csv"))
            .Where(r => r["project_code"] == project && r["kind"] == kind && r["town"] is null
                        && r["year"] == year.ToString(CultureInfo.InvariantCulture)
                        && int.Parse(r["month"]!, CultureInfo.InvariantCulture) <= through)
            .Sum(r => Number(r, "completed"));

    private async Task<long> SeededProjectIdAsync(string code)
    {
        var page = await (await api.Client.GetAsync($"/api/v1/projects?q={code}")).ReadAsync<JsonElement>();
        return page.GetProperty("items").EnumerateArray().Single(p => p.GetProperty("code").GetString() == code)
            .GetProperty("id").GetInt64();
    }

    /// <summary>Registers a project with one section per county; returns its id and the section ids in that order.</summary>
    private async Task<(long Id, long[] Sections)> CreateProjectAsync(string code, params string[] counties)
    {
        var body = new
        {
            code, name = $"测试农村公路{code}", mode = "rural_road", regionCode = counties[0],
            sections = counties.Select(c => new { regionCode = c, name = $"{c}段" }).ToArray(),
        };
        var created = await (await api.Client.PostJsonAsync("/api/v1/projects", body)).ReadAsync<JsonElement>(HttpStatusCode.Created);
        var sections = created.GetProperty("sections").EnumerateArray()
            .ToDictionary(s => s.GetProperty("regionCode").GetString()!, s => s.GetProperty("id").GetInt64());
        return (created.GetProperty("id").GetInt64(), counties.Select(c => sections[c]).ToArray());
    }

    private Task<HttpResponseMessage> PutTargetAsync(long projectId, object body) =>
        api.Client.PutAsJsonAsync($"/api/v1/projects/{projectId}/quantity-targets", body, HttpAssertions.Json);

    private async Task<long> TargetAsync(long projectId, object body)
    {
        var response = await PutTargetAsync(projectId, body);
        var status = response.StatusCode == HttpStatusCode.Created ? HttpStatusCode.Created : HttpStatusCode.OK;
        return (await response.ReadAsync<JsonElement>(status)).GetProperty("id").GetInt64();
    }

    private Task<HttpResponseMessage> PutProgressAsync(long targetId, string period, object body) =>
        api.Client.PutAsJsonAsync($"/api/v1/quantity-targets/{targetId}/progress/{period}", body, HttpAssertions.Json);

    private static JsonElement ByKind(JsonElement list, string kind) =>
        list.EnumerateArray().Single(x => x.GetProperty("kind").GetString() == kind);

    private static decimal? Rate(JsonElement e) =>
        e.GetProperty("completionRate").ValueKind == JsonValueKind.Null ? null : e.GetProperty("completionRate").GetDecimal();

    [Fact]
    public async Task ProjectQuantities_SeededYiyuan2023_GivesTheDocumentTargetsAndTheSeededRates()
    {
        var id = await SeededProjectIdAsync("YY-SHNCL-2023");

        var result = await (await api.Client.GetAsync($"/api/v1/projects/{id}/quantities?year=2023")).ReadAsync<JsonElement>();

        Assert.Equal("2023-12", result.GetProperty("through").GetString());
        var targets = result.GetProperty("targets");
        Assert.Equal(4, targets.GetArrayLength());
        foreach (var (kind, target, label, unit) in new[]
                 {
                     ("new_rebuilt_km", 30m, "新改建", "公里"), ("pavement_improvement_km", 133m, "路面状况改善", "公里"),
                     ("safety_works_km", 180m, "安防工程", "公里"), ("bridges_renovated", 1m, "危桥改造", "座"),
                 })
        {
            var line = ByKind(targets, kind);
            var completed = SeededCompleted("YY-SHNCL-2023", kind);
            Assert.Equal(target, line.GetProperty("target").GetDecimal());
            Assert.Equal(label, line.GetProperty("kindLabel").GetString());
            Assert.Equal(unit, line.GetProperty("unit").GetString());
            Assert.Equal(JsonValueKind.Null, line.GetProperty("town").ValueKind);
            Assert.Equal(completed, line.GetProperty("completed").GetDecimal());
            Assert.Equal(CompletionRate.Of(completed, target), Rate(line));
        }
        // The seeds do carry progress for Yiyuan, so the rates above are not all trivially zero.
        Assert.True(SeededCompleted("YY-SHNCL-2023", "new_rebuilt_km") > 0);
    }

    [Fact]
    public async Task ProjectQuantities_SeededCountyRoadRepairs_AreExactlyComplete()
    {
        var id = await SeededProjectIdAsync("ZJ-XDDZX-2023");

        var result = await (await api.Client.GetAsync($"/api/v1/projects/{id}/quantities?year=2023")).ReadAsync<JsonElement>();

        var line = ByKind(result.GetProperty("targets"), "major_repair_km");
        Assert.Equal(35m, line.GetProperty("target").GetDecimal());
        Assert.Equal(1m, Rate(line));
        var monthly = line.GetProperty("monthly").EnumerateArray().ToList();
        Assert.Equal(35m, monthly[^1].GetProperty("cumulative").GetDecimal());
        Assert.Equal(monthly.Sum(m => m.GetProperty("completed").GetDecimal()), line.GetProperty("completed").GetDecimal());
    }

    [Fact]
    public async Task ProjectQuantities_Period_CountsOnlyTheMonthsThroughIt()
    {
        var id = await SeededProjectIdAsync("ZJ-XDDZX-2023");

        var result = await (await api.Client.GetAsync($"/api/v1/projects/{id}/quantities?period=2023-09")).ReadAsync<JsonElement>();

        Assert.Equal(2023, result.GetProperty("year").GetInt32());
        Assert.Equal("2023-09", result.GetProperty("through").GetString());
        var line = ByKind(result.GetProperty("targets"), "major_repair_km");
        var completed = SeededCompleted("ZJ-XDDZX-2023", "major_repair_km", through: 9);
        Assert.True(completed is > 0 and < 35m, "the seeded split should leave work after September");
        Assert.Equal(completed, line.GetProperty("completed").GetDecimal());
        Assert.Equal(CompletionRate.Of(completed, 35m), Rate(line));
        Assert.All(line.GetProperty("monthly").EnumerateArray(),
            m => Assert.True(string.CompareOrdinal(m.GetProperty("period").GetString(), "2023-09") <= 0));
    }

    [Theory]
    [InlineData("year=1989", "year")]
    [InlineData("period=2023-13", "period")]
    [InlineData("period=2023-7", "period")]
    [InlineData("year=2022&period=2023-05", "period")]
    public async Task ProjectQuantities_BadQuery_Returns400NamingIt(string query, string field)
    {
        var id = await SeededProjectIdAsync("ZJ-XDDZX-2023");
        await (await api.Client.GetAsync($"/api/v1/projects/{id}/quantities?{query}")).AssertProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task ProjectQuantities_UnknownProject_Returns404()
    {
        await (await api.Client.GetAsync("/api/v1/projects/987654321/quantities?year=2023")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task RegionQuantities_Zhuji_IncludesItsRuralRoadProgrammes()
    {
        var targets = CsvReader.ReadFile(SeedFile("quantity_targets.csv"));
        var zhujiProjects = CsvReader.ReadFile(SeedFile("projects.csv"))
            .Where(p => p["region_code"] == Zhuji).Select(p => p["code"]!).ToHashSet();
        var seeded = targets.Where(t => zhujiProjects.Contains(t["project_code"]!) && t["year"] == "2023").ToList();

        var result = await (await api.Client.GetAsync($"/api/v1/regions/{Zhuji}/quantities?year=2023")).ReadAsync<JsonElement>();

        Assert.Equal("诸暨市", result.GetProperty("regionName").GetString());
        var codes = result.GetProperty("projects").EnumerateArray().Select(p => p.GetProperty("projectCode").GetString()).ToList();
        Assert.Contains("ZJ-XDDZX-2023", codes);
        Assert.Contains("ZJ-NCGL-2023", codes);
        Assert.DoesNotContain("YY-SHNCL-2023", codes);
        foreach (var kind in seeded.GroupBy(t => t["kind"]!))
        {
            var total = ByKind(result.GetProperty("kinds"), kind.Key);
            var target = kind.Sum(t => Number(t, "target"));
            var completed = kind.Sum(t => SeededCompleted(t["project_code"]!, kind.Key));
            Assert.Equal(target, total.GetProperty("target").GetDecimal());
            Assert.Equal(completed, total.GetProperty("completed").GetDecimal());
            Assert.Equal(CompletionRate.Of(completed, target), Rate(total));
        }
        Assert.Equal(seeded.Select(t => t["kind"]).Distinct().Count(), result.GetProperty("kinds").GetArrayLength());
    }

    [Fact]
    public async Task RegionQuantities_CityAndProvince_IncludeTheirCounties()
    {
        var zhuji = await (await api.Client.GetAsync($"/api/v1/regions/{Zhuji}/quantities?year=2023")).ReadAsync<JsonElement>();
        var shaoxing = await (await api.Client.GetAsync("/api/v1/regions/330600/quantities?year=2023")).ReadAsync<JsonElement>();
        var shandong = await (await api.Client.GetAsync("/api/v1/regions/370000/quantities?year=2023")).ReadAsync<JsonElement>();

        var inCity = shaoxing.GetProperty("projects").EnumerateArray()
            .ToDictionary(p => p.GetProperty("projectCode").GetString()!, p => p.GetProperty("kinds").ToString());
        Assert.NotEmpty(zhuji.GetProperty("projects").EnumerateArray());
        Assert.All(zhuji.GetProperty("projects").EnumerateArray(),
            p => Assert.Equal(p.GetProperty("kinds").ToString(), inCity[p.GetProperty("projectCode").GetString()!]));
        Assert.Contains(shandong.GetProperty("projects").EnumerateArray(), p => p.GetProperty("projectCode").GetString() == "YY-SHNCL-2023");
        Assert.DoesNotContain(shandong.GetProperty("projects").EnumerateArray(), p => p.GetProperty("projectCode").GetString()!.StartsWith("ZJ-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RegionQuantities_UnknownRegion_Returns404()
    {
        await (await api.Client.GetAsync("/api/v1/regions/999999/quantities?year=2023")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task RegionQuantities_TownRows_AddUpToTheKindTotals_AndSectionsCountInTheirCounty()
    {
        var (id, sections) = await CreateProjectAsync("Q-TOWNS", Shangyu, Xinchang);
        var a = await TargetAsync(id, new { year = 2023, kind = "new_rebuilt_km", town = "百官街道", target = 12.5m });
        await TargetAsync(id, new { year = 2023, kind = "new_rebuilt_km", town = "崧厦街道", target = 7.5m });
        await TargetAsync(id, new { year = 2023, kind = "shelters_built", target = 4 });
        var c = await TargetAsync(id, new { year = 2023, kind = "new_rebuilt_km", town = "澄潭街道", sectionId = sections[1], target = 5m });
        (await PutProgressAsync(a, "2023-04", new { completed = 10.125m })).EnsureSuccessStatusCode();
        (await PutProgressAsync(c, "2023-05", new { completed = 6m })).EnsureSuccessStatusCode();

        var shangyu = await (await api.Client.GetAsync($"/api/v1/regions/{Shangyu}/quantities?year=2023")).ReadAsync<JsonElement>();
        var xinchang = await (await api.Client.GetAsync($"/api/v1/regions/{Xinchang}/quantities?year=2023")).ReadAsync<JsonElement>();

        var km = ByKind(shangyu.GetProperty("kinds"), "new_rebuilt_km");
        Assert.Equal(20m, km.GetProperty("target").GetDecimal());
        Assert.Equal(10.125m, km.GetProperty("completed").GetDecimal());
        Assert.Equal(Rates.Of(10.125m, 20m), Rate(km));
        var towns = shangyu.GetProperty("towns").EnumerateArray().ToList();
        Assert.Equal(3, towns.Count);
        Assert.Contains(towns, t => t.GetProperty("town").ValueKind == JsonValueKind.Null);
        Assert.Equal(20m, towns.Where(t => t.GetProperty("kinds").EnumerateArray().Any(k => k.GetProperty("kind").GetString() == "new_rebuilt_km"))
            .Sum(t => ByKind(t.GetProperty("kinds"), "new_rebuilt_km").GetProperty("target").GetDecimal()));
        var xinchangKm = ByKind(xinchang.GetProperty("kinds"), "new_rebuilt_km");
        Assert.Equal(5m, xinchangKm.GetProperty("target").GetDecimal());
        Assert.Equal(1.2m, Rate(xinchangKm));
        Assert.Equal("澄潭街道", Assert.Single(xinchang.GetProperty("towns").EnumerateArray()).GetProperty("town").GetString());
    }

    [Fact]
    public async Task SetTarget_SameKeyTwice_ReplacesTheTargetAndKeepsItsMonths()
    {
        var (id, sections) = await CreateProjectAsync("Q-REPLACE", Yuecheng);
        var first = await PutTargetAsync(id, new { year = 2023, kind = "major_repair_km", target = 10m });
        var created = await first.ReadAsync<JsonElement>(HttpStatusCode.Created);
        var targetId = created.GetProperty("id").GetInt64();
        Assert.Equal($"/api/v1/quantity-targets/{targetId}", first.Headers.Location?.OriginalString);
        Assert.Equal("大中修", created.GetProperty("kindLabel").GetString());
        (await PutProgressAsync(targetId, "2023-03", new { completed = 4m })).EnsureSuccessStatusCode();

        var replaced = await (await PutTargetAsync(id, new { year = 2023, kind = "major_repair_km", target = 8m, sectionId = sections[0] }))
            .ReadAsync<JsonElement>();

        Assert.Equal(targetId, replaced.GetProperty("id").GetInt64());
        Assert.Equal(8m, replaced.GetProperty("target").GetDecimal());
        Assert.Equal(sections[0], replaced.GetProperty("sectionId").GetInt64());
        var result = await (await api.Client.GetAsync($"/api/v1/projects/{id}/quantities?year=2023")).ReadAsync<JsonElement>();
        var line = Assert.Single(result.GetProperty("targets").EnumerateArray());
        Assert.Equal(4m, line.GetProperty("completed").GetDecimal());
        Assert.Equal(0.5m, Rate(line));
    }

    [Fact]
    public async Task SetTarget_ZeroTarget_HasNoCompletionRate_AndOverfulfilmentExceedsOne()
    {
        var (id, _) = await CreateProjectAsync("Q-RATES", Yuecheng);
        var zero = await TargetAsync(id, new { year = 2023, kind = "stations_built", target = 0 });
        var over = await TargetAsync(id, new { year = 2023, kind = "safety_works_km", target = 10m });
        (await PutProgressAsync(zero, "2023-02", new { completed = 1 })).EnsureSuccessStatusCode();
        (await PutProgressAsync(over, "2023-02", new { completed = 12.345m })).EnsureSuccessStatusCode();

        var result = await (await api.Client.GetAsync($"/api/v1/projects/{id}/quantities?year=2023")).ReadAsync<JsonElement>();

        Assert.Null(Rate(ByKind(result.GetProperty("targets"), "stations_built")));
        Assert.Equal(1.2345m, Rate(ByKind(result.GetProperty("targets"), "safety_works_km")));
    }

    [Fact]
    public async Task SetProgress_SameMonthTwice_IsIdempotent_AndReplacesRatherThanAdds()
    {
        var (id, _) = await CreateProjectAsync("Q-IDEMP", Yuecheng);
        var targetId = await TargetAsync(id, new { year = 2023, kind = "new_rebuilt_km", target = 20m });
        (await PutProgressAsync(targetId, "2023-02", new { completed = 2m })).EnsureSuccessStatusCode();

        var first = await (await PutProgressAsync(targetId, "2023-03", new { completed = 5.5m })).ReadAsync<JsonElement>();
        var second = await (await PutProgressAsync(targetId, "2023-03", new { completed = 5.5m })).ReadAsync<JsonElement>();

        Assert.Equal(first.ToString(), second.ToString());
        Assert.Equal(7.5m, second.GetProperty("completedThroughPeriod").GetDecimal());
        Assert.Equal(Rates.Of(7.5m, 20m), second.GetProperty("completionRate").GetDecimal());
        var changed = await (await PutProgressAsync(targetId, "2023-03", new { completed = 3m })).ReadAsync<JsonElement>();
        Assert.Equal(5m, changed.GetProperty("completedThroughPeriod").GetDecimal());
        await using var db = api.CreateDb();
        Assert.Equal([2m, 3m], await db.QuantityProgress.Where(p => p.TargetId == targetId).OrderBy(p => p.Month)
            .Select(p => p.Completed).ToListAsync());
    }

    [Fact]
    public async Task SetProgress_CurrentMonth_IsAccepted()
    {
        var (id, _) = await CreateProjectAsync("Q-NOW", Yuecheng);
        var targetId = await TargetAsync(id, new { year = 2024, kind = "new_rebuilt_km", target = 20m });
        (await PutProgressAsync(targetId, "2024-01", new { completed = 1m })).EnsureSuccessStatusCode();
    }

    [Theory]
    [InlineData("2024-02", """{"completed":1}""", "period")] // the test clock is 2024-01-20
    [InlineData("2023-12", """{"completed":1}""", "period")] // the target is for 2024
    [InlineData("2024-7", """{"completed":1}""", "period")]
    [InlineData("2024-00", """{"completed":1}""", "period")]
    [InlineData("2024-01", """{"completed":-1}""", "completed")]
    [InlineData("2024-01", """{"completed":1.2345}""", "completed")]
    [InlineData("2024-01", """{"completed":1000000000}""", "completed")]
    [InlineData("2024-01", """{"completed":"1"}""", "completed")]
    [InlineData("2024-01", """{}""", "completed")]
    [InlineData("2024-01", """{"completed":1,"month":1}""", "month")]
    public async Task SetProgress_BadInput_Returns400NamingIt_AndStoresNothing(string period, string json, string field)
    {
        var (id, _) = await CreateProjectAsync($"Q-BADP-{Guid.NewGuid():N}"[..20], Yuecheng);
        var targetId = await TargetAsync(id, new { year = 2024, kind = "new_rebuilt_km", target = 20m });

        var response = await api.Client.PutAsync($"/api/v1/quantity-targets/{targetId}/progress/{period}",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, field);
        await using var db = api.CreateDb();
        Assert.False(await db.QuantityProgress.AnyAsync(p => p.TargetId == targetId));
    }

    [Fact]
    public async Task SetProgress_FractionOfABridge_Returns400()
    {
        var (id, _) = await CreateProjectAsync("Q-BRIDGE", Yuecheng);
        var targetId = await TargetAsync(id, new { year = 2023, kind = "bridges_renovated", target = 2 });

        await (await PutProgressAsync(targetId, "2023-05", new { completed = 0.5m })).AssertProblemAsync(HttpStatusCode.BadRequest, "completed");
        (await PutProgressAsync(targetId, "2023-05", new { completed = 1 })).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task SetProgress_UnknownTarget_Returns404()
    {
        await (await PutProgressAsync(987654321, "2023-05", new { completed = 1 })).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"year":2023,"kind":"bike_lanes_km","target":1}""", "kind")]
    [InlineData("""{"year":2023,"target":1}""", "kind")]
    [InlineData("""{"year":2023,"kind":"new_rebuilt_km","target":-0.001}""", "target")]
    [InlineData("""{"year":2023,"kind":"new_rebuilt_km","target":1.0005}""", "target")]
    [InlineData("""{"year":2023,"kind":"new_rebuilt_km","target":1000000000}""", "target")]
    [InlineData("""{"year":2023,"kind":"new_rebuilt_km","target":1e30}""", "target")]
    [InlineData("""{"year":2023,"kind":"new_rebuilt_km"}""", "target")]
    [InlineData("""{"year":2023,"kind":"bridges_renovated","target":1.5}""", "target")]
    [InlineData("""{"year":1989,"kind":"new_rebuilt_km","target":1}""", "year")]
    [InlineData("""{"kind":"new_rebuilt_km","target":1}""", "year")]
    [InlineData("""{"year":2023,"kind":"new_rebuilt_km","target":1,"completed":1}""", "completed")]
    public async Task SetTarget_BadInput_Returns400NamingIt_AndStoresNothing(string json, string field)
    {
        var (id, _) = await CreateProjectAsync($"Q-BADT-{Guid.NewGuid():N}"[..20], Yuecheng);

        var response = await api.Client.PutAsync($"/api/v1/projects/{id}/quantity-targets",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, field);
        await using var db = api.CreateDb();
        Assert.False(await db.QuantityTargets.AnyAsync(t => t.ProjectId == id));
    }

    [Fact]
    public async Task SetTarget_TownTooLong_Returns400()
    {
        var (id, _) = await CreateProjectAsync("Q-TOWNLEN", Yuecheng);
        await (await PutTargetAsync(id, new { year = 2023, kind = "new_rebuilt_km", town = new string('镇', 101), target = 1 }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "town");
    }

    [Fact]
    public async Task SetTarget_SectionOfAnotherProject_Returns400()
    {
        var (id, _) = await CreateProjectAsync("Q-SEC-A", Yuecheng);
        var (_, others) = await CreateProjectAsync("Q-SEC-B", Yuecheng);

        await (await PutTargetAsync(id, new { year = 2023, kind = "new_rebuilt_km", sectionId = others[0], target = 1 }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "sectionId");
        await using var db = api.CreateDb();
        Assert.False(await db.QuantityTargets.AnyAsync(t => t.ProjectId == id));
    }

    [Fact]
    public async Task SetTarget_UnknownProject_Returns404()
    {
        await (await PutTargetAsync(987654321, new { year = 2023, kind = "new_rebuilt_km", target = 1 }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Writes_ArchivedProject_Return409AndChangeNothing()
    {
        var (id, _) = await CreateProjectAsync("Q-ARCHIVED", Yuecheng);
        var targetId = await TargetAsync(id, new { year = 2023, kind = "new_rebuilt_km", target = 20m });
        (await api.Client.PostAsync($"/api/v1/projects/{id}/archive", null)).EnsureSuccessStatusCode();

        await (await PutTargetAsync(id, new { year = 2023, kind = "new_rebuilt_km", target = 30m })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await PutProgressAsync(targetId, "2023-05", new { completed = 1 })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await api.Client.DeleteAsync($"/api/v1/quantity-targets/{targetId}")).AssertProblemAsync(HttpStatusCode.Conflict);

        await using var db = api.CreateDb();
        var stored = await db.QuantityTargets.Include(t => t.Progress).SingleAsync(t => t.Id == targetId);
        Assert.Equal(20m, stored.Target);
        Assert.Empty(stored.Progress);
    }

    [Fact]
    public async Task DeleteTarget_RemovesItWithItsMonths()
    {
        var (id, _) = await CreateProjectAsync("Q-DELETE", Yuecheng);
        var targetId = await TargetAsync(id, new { year = 2023, kind = "new_rebuilt_km", target = 20m });
        (await PutProgressAsync(targetId, "2023-05", new { completed = 1 })).EnsureSuccessStatusCode();
        var fetched = await (await api.Client.GetAsync($"/api/v1/quantity-targets/{targetId}")).ReadAsync<JsonElement>();
        Assert.Equal(1m, fetched.GetProperty("completed").GetDecimal());

        Assert.Equal(HttpStatusCode.NoContent, (await api.Client.DeleteAsync($"/api/v1/quantity-targets/{targetId}")).StatusCode);

        await (await api.Client.GetAsync($"/api/v1/quantity-targets/{targetId}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await api.Client.DeleteAsync($"/api/v1/quantity-targets/{targetId}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await using var db = api.CreateDb();
        Assert.False(await db.QuantityProgress.AnyAsync(p => p.TargetId == targetId));
    }

    [Fact]
    public async Task OpenApi_ListsTheQuantityRoutesUnderTheirTag()
    {
        var doc = await (await api.Client.GetAsync("/openapi/v1.json")).ReadAsync<JsonElement>();
        var paths = doc.GetProperty("paths");
        var route = paths.GetProperty("/api/v1/quantity-targets/{targetId}/progress/{period}").GetProperty("put");
        Assert.Equal("Physical quantities", route.GetProperty("tags")[0].GetString());
        Assert.True(paths.TryGetProperty("/api/v1/regions/{code}/quantities", out _));
    }
}
