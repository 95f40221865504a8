using System.Net;
using System.Text.Json;
using Investment.Api.Tests.Infrastructure;

namespace Investment.Api.Tests.Features.Regions;

public sealed class RegionEndpointsTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    [Fact]
    public async Task GetTree_ListsProvincesWithCitiesAndCounties()
    {
        var tree = await (await api.Client.GetAsync("/api/v1/regions")).ReadAsync<JsonElement>();
        var zhejiang = tree.EnumerateArray().Single(r => r.GetProperty("code").GetString() == "330000");
        var shaoxing = zhejiang.GetProperty("children").EnumerateArray().Single(r => r.GetProperty("code").GetString() == "330600");
        Assert.Equal(6, shaoxing.GetProperty("children").GetArrayLength());
        Assert.Contains(shaoxing.GetProperty("children").EnumerateArray(), c => c.GetProperty("name").GetString() == "诸暨市");
    }

    [Fact]
    public async Task GetByCode_County_ShowsAncestors()
    {
        var yiyuan = await (await api.Client.GetAsync("/api/v1/regions/370323")).ReadAsync<JsonElement>();
        Assert.Equal("沂源县", yiyuan.GetProperty("name").GetString());
        Assert.Equal(["370000", "370300"], yiyuan.GetProperty("ancestors").EnumerateArray().Select(a => a.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task GetByCode_Unknown_Returns404Problem()
    {
        await (await api.Client.GetAsync("/api/v1/regions/999999")).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
