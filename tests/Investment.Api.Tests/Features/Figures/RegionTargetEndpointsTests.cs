using System.Net;
using System.Text.Json;
using Investment.Api.Tests.Infrastructure;

namespace Investment.Api.Tests.Features.Figures;

public sealed class RegionTargetEndpointsTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    private Task<HttpResponseMessage> PutAsync(string region, int year, string scope, object body) =>
        api.Client.PutAsync($"/api/v1/regions/{region}/targets/{year}/{scope}", FigureTestData.JsonContent(body));

    [Fact]
    public async Task List_SeededZhuji_HasTheEffectiveTask()
    {
        var targets = await api.GetJsonAsync("/api/v1/regions/330681/targets?year=2023");

        var target = Assert.Single(targets.EnumerateArray());
        Assert.Equal("effective", target.GetProperty("scope").GetString());
        Assert.Equal(398000m, target.GetProperty("task").GetDecimal());
        Assert.Equal(0.1m, target.GetProperty("growthTarget").GetDecimal());
        Assert.Empty((await api.GetJsonAsync("/api/v1/regions/330681/targets?year=2022")).EnumerateArray());
    }

    [Fact]
    public async Task Put_NewThenAgain_Creates201ThenReplaces200()
    {
        await (await PutAsync("330602", 2023, "key_project", new { task = 1000.5m, growthTarget = 0.125m }))
            .ReadAsync<JsonElement>(HttpStatusCode.Created);
        var replaced = await (await PutAsync("330602", 2023, "key_project", new { task = 2000m }))
            .ReadAsync<JsonElement>(HttpStatusCode.OK);
        await (await PutAsync("330602", 2024, "key_project", new { task = 3000m })).ReadAsync<JsonElement>(HttpStatusCode.Created);

        Assert.Equal(JsonValueKind.Null, replaced.GetProperty("growthTarget").ValueKind);
        var listed = await api.GetJsonAsync("/api/v1/regions/330602/targets");
        Assert.Equal([2000m, 3000m], listed.EnumerateArray().Select(t => t.GetProperty("task").GetDecimal()));
        Assert.Single((await api.GetJsonAsync("/api/v1/regions/330602/targets?year=2024")).EnumerateArray());
    }

    [Fact]
    public async Task Put_TaskForWenling_GivesTaskCompletionInRegionFigures()
    {
        await (await PutAsync("331081", 2023, "comprehensive", new { task = 400000m, growthTarget = -0.05m }))
            .ReadAsync<JsonElement>(HttpStatusCode.Created);

        var region = await api.GetJsonAsync("/api/v1/regions/331081/figures?period=2023-12&scope=comprehensive");
        var byRail = await api.GetJsonAsync("/api/v1/regions/331081/figures?period=2023-12&scope=comprehensive&modeCategory=rail");

        Assert.Equal(400000m, region.GetProperty("task").GetDecimal());
        Assert.Equal(Rates.Of(436800m, 400000m), region.GetProperty("taskCompletionRate").GetDecimal());
        Assert.Equal(-0.05m, region.GetProperty("growthTarget").GetDecimal());
        Assert.Equal(JsonValueKind.Null, byRail.GetProperty("task").ValueKind);
        Assert.Equal(83800m, byRail.GetProperty("figures").GetProperty("ytdActual").GetDecimal());
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { """{"task": -1}""", "task" },
        { """{"task": 1.00001}""", "task" },
        { """{}""", "task" },
        { """{"task": 1, "growthTarget": -1.01}""", "growthTarget" },
        { """{"task": 1, "growthTarget": 10.5}""", "growthTarget" },
        { """{"task": 1, "growthTarget": 0.12345}""", "growthTarget" },
        { """{"task": 1, "growth": 0.1}""", "growth" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Put_BadBody_Returns400NamingTheField(string json, string field)
    {
        var response = await api.Client.PutAsync("/api/v1/regions/330604/targets/2023/effective", FigureTestData.RawJson(json));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, field);
        Assert.Empty((await api.GetJsonAsync("/api/v1/regions/330604/targets")).EnumerateArray());
    }

    [Fact]
    public async Task Put_BadScopeAndYear_Returns400OnBoth()
    {
        await (await PutAsync("330604", 1900, "everything", new { task = 1m }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "scope", "year");
    }

    [Fact]
    public async Task TargetEndpoints_UnknownRegion_Return404()
    {
        await (await PutAsync("999999", 2023, "effective", new { task = 1m })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await api.Client.GetAsync("/api/v1/regions/999999/targets")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_RemovesOnlyThatTarget()
    {
        await (await PutAsync("330624", 2023, "effective", new { task = 1m })).ReadAsync<JsonElement>(HttpStatusCode.Created);
        await (await PutAsync("330624", 2023, "livelihood", new { task = 2m })).ReadAsync<JsonElement>(HttpStatusCode.Created);

        Assert.Equal(HttpStatusCode.NoContent, (await api.Client.DeleteAsync("/api/v1/regions/330624/targets/2023/effective")).StatusCode);

        var left = Assert.Single((await api.GetJsonAsync("/api/v1/regions/330624/targets")).EnumerateArray());
        Assert.Equal("livelihood", left.GetProperty("scope").GetString());
        await (await api.Client.DeleteAsync("/api/v1/regions/330624/targets/2023/effective")).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
