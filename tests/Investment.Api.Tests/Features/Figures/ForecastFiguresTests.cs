using System.Text.Json;
using Investment.Api.Tests.Infrastructure;
using Investment.Domain.Forecasting;

namespace Investment.Api.Tests.Features.Figures;

/// <summary>
/// 预计全年完成 in the figures responses, in 淄博's counties (the seed reports there for 2022–2023 only, one year of history
/// before 2023, which carries no weight in a pooled spread). 博山 (370304) gets three earlier years whose first quarter
/// was 15%, 20% and 17.5% of the year; 周村 (370306) and 临淄
/// (370305) have no history and plans with and without profiles.
/// </summary>
public sealed class ForecastFiguresTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    // Three years of 1200 each: January–March 60/80/70 a month, then 120 a month April–November, and the rest in December.
    private static readonly Dictionary<int, decimal[]> History = new()
    {
        [2020] = [60m, 60m, 60m, 120m, 120m, 120m, 120m, 120m, 120m, 120m, 120m, 60m],
        [2021] = [80m, 80m, 80m, 120m, 120m, 120m, 120m, 120m, 120m, 120m, 120m, 0m],
        [2022] = [70m, 70m, 70m, 120m, 120m, 120m, 120m, 120m, 120m, 120m, 120m, 30m],
    };

    private static readonly decimal[] FrontLoaded = [600m, 60m, 60m, 60m, 60m, 60m, 60m, 60m, 60m, 60m, 60m, 0m];

    private static decimal D(JsonElement e, string field) => e.GetProperty(field).GetDecimal();

    private static string? S(JsonElement e, string field) => e.GetProperty(field).GetString();

    [Fact]
    public async Task Region_WithLinearPlans_DividesByItsOwnEarlierYearsShare()
    {
        var (_, sections) = await api.CreateProjectAsync("FC-SEASON", ["370304"], scopes: ["effective"]);
        foreach (var (year, months) in History)
        {
            for (var m = 1; m <= 12; m++)
            {
                await api.AddReportAsync(sections[0], year, m, months[m - 1]);
            }
        }
        await api.PutPlanAsync(sections[0], 2023, 1200m);
        await api.AddApprovedMonthsAsync(sections[0], 2023, 49m, 1, 2, 3);
        var task = await api.Client.PutAsync("/api/v1/regions/370304/targets/2023/effective", FigureTestData.JsonContent(new { task = 900m }));
        Assert.True(task.IsSuccessStatusCode);

        var region = await api.GetJsonAsync("/api/v1/regions/370304/figures?period=2023-03&scope=effective");
        var forecast = region.GetProperty("forecast");

        // 147 done by March, and March ends 17.5% of an average year: 840, not the linear 588.
        Assert.Equal("seasonal", S(forecast, "basis"));
        Assert.Equal(840m, D(forecast, "yearEnd"));
        var expected = YearEndForecast.Of(147m, 3, null, Seasonality.FromYears(History.Values));
        Assert.Equal(expected.Low, D(forecast, "low"));
        Assert.Equal(expected.High, D(forecast, "high"));
        Assert.True(D(forecast, "low") < 840m && 840m < D(forecast, "high") && D(forecast, "high") < 1200m);
        // The plan is out of reach even at the interval's top; the task of 900 lies inside it.
        Assert.Equal("missed", S(forecast, "planOutlook"));
        Assert.Equal("atRisk", S(forecast, "taskOutlook"));
        Assert.Equal(1200m - 840m, D(forecast, "shortfall"));

        // The section and its project read the county's rhythm too; December is what was reported.
        var section = (await api.GetJsonAsync($"/api/v1/sections/{sections[0]}/figures?period=2023-03")).GetProperty("forecast");
        Assert.Equal(840m, D(section, "yearEnd"));
        Assert.Equal(JsonValueKind.Null, section.GetProperty("taskOutlook").ValueKind);
        var december = (await api.GetJsonAsync("/api/v1/regions/370304/figures?period=2023-12")).GetProperty("forecast");
        Assert.Equal("reported", S(december, "basis"));
        Assert.Equal(147m, D(december, "yearEnd"));
    }

    [Fact]
    public async Task Profiles_CountOnlyWhenEveryPlannedSectionHasOne()
    {
        var (profiledProject, profiled) = await api.CreateProjectAsync("FC-PROFILED", ["370306", "370305"]);
        var (mixedProject, mixed) = await api.CreateProjectAsync("FC-MIXED", ["370306", "370305"]);
        foreach (var s in profiled)
        {
            await api.PutPlanAsync(s, 2023, 1200m, FrontLoaded);
        }
        await api.PutPlanAsync(mixed[0], 2023, 1200m, FrontLoaded);
        await api.PutPlanAsync(mixed[1], 2023, 1200m);
        foreach (var s in profiled.Concat(mixed))
        {
            await api.AddApprovedMonthsAsync(s, 2023, 100m, 1, 2, 3);
        }

        // 300 done of a plan due 60% by March: 500 a section, 1000 the project (both profiles add up).
        var section = (await api.GetJsonAsync($"/api/v1/sections/{profiled[0]}/figures?period=2023-03")).GetProperty("forecast");
        Assert.Equal("planProfile", S(section, "basis"));
        Assert.Equal(500m, D(section, "yearEnd"));
        var project = (await api.GetJsonAsync($"/api/v1/projects/{profiledProject}/figures?period=2023-03")).GetProperty("forecast");
        Assert.Equal("planProfile", S(project, "basis"));
        Assert.Equal(1000m, D(project, "yearEnd"));
        Assert.Equal("missed", S(project, "planOutlook"));

        // One linear plan and no history in 周村 or 临淄: a quarter of the year gone, 600 done → 2400.
        var mixedForecast = (await api.GetJsonAsync($"/api/v1/projects/{mixedProject}/figures?period=2023-03")).GetProperty("forecast");
        Assert.Equal("linear", S(mixedForecast, "basis"));
        Assert.Equal(2400m, D(mixedForecast, "yearEnd"));
        Assert.Equal("atRisk", S(mixedForecast, "planOutlook"));
        var linearCounty = (await api.GetJsonAsync("/api/v1/regions/370305/figures?period=2023-03")).GetProperty("forecast");
        Assert.Equal("linear", S(linearCounty, "basis"));
        Assert.Equal(600m * 4, D(linearCounty, "yearEnd"));
        var profiledCounty = (await api.GetJsonAsync("/api/v1/regions/370306/figures?period=2023-03")).GetProperty("forecast");
        Assert.Equal("planProfile", S(profiledCounty, "basis"));
        Assert.Equal(1000m, D(profiledCounty, "yearEnd"));
    }
}
