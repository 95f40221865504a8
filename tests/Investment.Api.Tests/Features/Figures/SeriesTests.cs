using System.Net;
using System.Text.Json;
using Investment.Api.Tests.Infrastructure;

namespace Investment.Api.Tests.Features.Figures;

/// <summary>The monthly curves of the dashboard's trend chart, checked against the seed documents' year totals.</summary>
public sealed class SeriesTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    private const string Zhuji = "330681";

    [Fact]
    public async Task RegionSeries_Zhuji2023Effective_EndsAtTheDocumentsTotals()
    {
        var body = await (await api.Client.GetAsync($"/api/v1/regions/{Zhuji}/series?year=2023&scope=effective")).ReadAsync<JsonElement>();
        var months = body.GetProperty("months").EnumerateArray().ToList();

        Assert.Equal(12, months.Count);
        Assert.Equal(Enumerable.Range(1, 12), months.Select(m => m.GetProperty("month").GetInt32()));
        var december = months[^1];
        // 61.4亿 done in 2023 against 36.1389亿 in 2022 (同比增长69.9%); by December the whole plan is due.
        Assert.Equal(614000m, december.GetProperty("ytdActual").GetDecimal());
        Assert.Equal(361389m, december.GetProperty("previousYtd").GetDecimal());
        Assert.Equal(body.GetProperty("plan").GetDecimal(), december.GetProperty("plannedToDate").GetDecimal());
        Assert.Equal(1m, december.GetProperty("timeElapsedProgress").GetDecimal());
        // The cumulative figure is the running sum of the months, and never decreases.
        var running = 0m;
        foreach (var m in months)
        {
            running += m.GetProperty("monthActual").GetDecimal();
            Assert.Equal(running, m.GetProperty("ytdActual").GetDecimal());
        }
        Assert.True(months.Zip(months.Skip(1)).All(p => p.First.GetProperty("plannedToDate").GetDecimal() <= p.Second.GetProperty("plannedToDate").GetDecimal()));
    }

    [Fact]
    public async Task RegionSeries_AgreesWithTheFiguresOfEachMonth()
    {
        var series = await (await api.Client.GetAsync($"/api/v1/regions/{Zhuji}/series?year=2023&scope=key_project")).ReadAsync<JsonElement>();
        var june = series.GetProperty("months")[5];
        var figures = (await (await api.Client.GetAsync($"/api/v1/regions/{Zhuji}/figures?period=2023-06&scope=key_project"))
            .ReadAsync<JsonElement>()).GetProperty("figures");

        Assert.Equal(figures.GetProperty("ytdActual").GetDecimal(), june.GetProperty("ytdActual").GetDecimal());
        Assert.Equal(figures.GetProperty("monthActual").GetDecimal(), june.GetProperty("monthActual").GetDecimal());
        Assert.Equal(figures.GetProperty("previousYearYtd").GetDecimal(), june.GetProperty("previousYtd").GetDecimal());
        Assert.Equal(figures.GetProperty("plannedToDate").GetDecimal(), june.GetProperty("plannedToDate").GetDecimal());
    }

    [Fact]
    public async Task RegionSeries_OfTheCurrentYear_StopsAtTheCurrentMonth()
    {
        var body = await (await api.Client.GetAsync($"/api/v1/regions/{Zhuji}/series?year=2024")).ReadAsync<JsonElement>();

        Assert.Equal(["2024-01"], body.GetProperty("months").EnumerateArray().Select(m => m.GetProperty("period").GetString()));
    }

    [Fact]
    public async Task ProjectSeries_SumsTheProjectsSections()
    {
        var project = (await (await api.Client.GetAsync($"/api/v1/projects?regionCode={Zhuji}&q=ZJ-KEZHU")).ReadAsync<JsonElement>())
            .GetProperty("items")[0];
        var id = project.GetProperty("id").GetInt64();

        var series = await (await api.Client.GetAsync($"/api/v1/projects/{id}/series?year=2023")).ReadAsync<JsonElement>();
        var figures = (await (await api.Client.GetAsync($"/api/v1/projects/{id}/figures?period=2023-12")).ReadAsync<JsonElement>())
            .GetProperty("figures");

        Assert.Equal("ZJ-KEZHU", series.GetProperty("code").GetString());
        Assert.Equal(figures.GetProperty("ytdActual").GetDecimal(), series.GetProperty("months")[11].GetProperty("ytdActual").GetDecimal());
        Assert.Equal(figures.GetProperty("plan").GetDecimal(), series.GetProperty("plan").GetDecimal());
    }

    [Theory]
    [InlineData("")]
    [InlineData("?year=1989")]
    [InlineData("?year=2025")]
    public async Task Series_WithoutAValidYear_NamesYear(string query) =>
        await (await api.Client.GetAsync($"/api/v1/regions/{Zhuji}/series{query}")).AssertProblemAsync(HttpStatusCode.BadRequest, "year");

    [Fact]
    public async Task Series_OfAnotherCounty_IsNotFoundForItsLeader()
    {
        var leader = await api.ClientForAsync("leadership", regionCodes: [Zhuji]);

        await (await leader.GetAsync("/api/v1/regions/331081/series?year=2023")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync($"/api/v1/regions/{Zhuji}/series?year=2023")).StatusCode);
    }
}
