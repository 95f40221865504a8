using System.Net;
using System.Text.Json;
using Investment.Api.Tests.Infrastructure;

namespace Investment.Api.Tests.Features.Figures;

/// <summary>Thresholds are global, so these tests have their own database and each sets the thresholds it relies on.</summary>
public sealed class LagThresholdsTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    private const string Url = "/api/v1/settings/lag-thresholds";

    private Task<HttpResponseMessage> PutAsync(object body) => api.Client.PutAsync(Url, FigureTestData.JsonContent(body));

    [Fact]
    public async Task Put_ThenGet_ReturnsTheStoredThresholds()
    {
        var put = await (await PutAsync(new { yellowBelow = -0.03m, redBelow = -0.08m })).ReadAsync<JsonElement>();
        var got = await api.GetJsonAsync(Url);

        Assert.Equal(-0.03m, put.GetProperty("yellowBelow").GetDecimal());
        Assert.Equal(-0.03m, got.GetProperty("yellowBelow").GetDecimal());
        Assert.Equal(-0.08m, got.GetProperty("redBelow").GetDecimal());
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { """{"yellowBelow": -0.10, "redBelow": -0.05}""", "redBelow" },
        { """{"yellowBelow": 0.05, "redBelow": -0.05}""", "yellowBelow" },
        { """{"yellowBelow": -0.05, "redBelow": -1.5}""", "redBelow" },
        { """{"yellowBelow": -0.05}""", "redBelow" },
        { """{"yellowBelow": -0.05, "redBelow": -0.123456}""", "redBelow" },
        { """{"yellowBelow": -0.05, "redBelow": -0.1, "greenAbove": 0}""", "greenAbove" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Put_BadThresholds_Returns400AndKeepsTheStoredOnes(string json, string field)
    {
        var before = await api.GetJsonAsync(Url);

        await (await api.Client.PutAsync(Url, FigureTestData.RawJson(json))).AssertProblemAsync(HttpStatusCode.BadRequest, field);

        var after = await api.GetJsonAsync(Url);
        Assert.Equal(before.GetProperty("yellowBelow").GetDecimal(), after.GetProperty("yellowBelow").GetDecimal());
        Assert.Equal(before.GetProperty("redBelow").GetDecimal(), after.GetProperty("redBelow").GetDecimal());
    }

    [Fact]
    public async Task Put_NewThresholds_ChangeTheLagStatusOfFigures()
    {
        // Plan 1200 (linear), 500 done by June: 41.7% done against 50% due, a lag of −0.0833.
        var (projectId, sections) = await api.CreateProjectAsync("LAG-1", ["331003"]);
        await api.PutPlanAsync(sections[0], 2023, 1200m);
        await api.AddApprovedMonthsAsync(sections[0], 2023, 100m, 1, 2, 3, 4, 5);
        var url = $"/api/v1/projects/{projectId}/figures?period=2023-06";

        async Task<string?> StatusUnderAsync(decimal yellow, decimal red)
        {
            Assert.Equal(HttpStatusCode.OK, (await PutAsync(new { yellowBelow = yellow, redBelow = red })).StatusCode);
            var figures = (await api.GetJsonAsync(url)).GetProperty("figures");
            Assert.Equal(Rates.Of(500m, 1200m) - 0.5m, figures.GetProperty("lag").GetDecimal());
            return figures.GetProperty("lagStatus").GetString();
        }

        Assert.Equal("yellow", await StatusUnderAsync(-0.05m, -0.10m));
        Assert.Equal("red", await StatusUnderAsync(-0.02m, -0.08m));
        Assert.Equal("green", await StatusUnderAsync(-0.10m, -0.20m));
        var lagging = await api.GetJsonAsync("/api/v1/regions/331003/figures/by-project?period=2023-06&lagStatus=green");
        Assert.Equal("LAG-1", Assert.Single(lagging.GetProperty("items").EnumerateArray()).GetProperty("code").GetString());
    }
}
