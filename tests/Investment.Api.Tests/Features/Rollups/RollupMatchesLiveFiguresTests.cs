using System.Globalization;
using System.Text.Json;
using Investment.Api.Tests.Features.Figures;
using Investment.Api.Tests.Features.Jobs;
using Investment.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Tests.Features.Rollups;

/// <summary>
/// The same number everywhere: for every row the roll-up stores, the live figures of the same region, scope, mode
/// category and mode answer exactly the same amounts, rates (to 6 decimals), lag and colour; a seeded county with no
/// stored row answers nothing planned and nothing done. The forecast too: year end, interval and basis, each row's from
/// its region's rhythm of earlier years (pooled over its siblings) and its plans.
/// </summary>
public sealed class RollupMatchesLiveFiguresTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>, IAsyncLifetime
{
    // Compared field by field: the stored row's column, the live figure set's property.
    private static readonly (string Column, string Property)[] Fields =
    [
        ("plan", "plan"), ("planned_to_date", "plannedToDate"), ("month_actual", "monthActual"), ("ytd_actual", "ytdActual"),
        ("previous_ytd", "previousYearYtd"), ("yoy_growth", "yoyGrowth"), ("completion_rate", "completionRate"),
        ("time_elapsed_progress", "timeElapsedProgress"), ("lag", "lag"), ("lag_status", "lagStatus"),
    ];

    // The stored forecast columns, the live response's forecast object.
    private static readonly (string Column, string Property)[] ForecastFields =
    [
        ("year_end_forecast", "yearEnd"), ("forecast_low", "low"), ("forecast_high", "high"), ("forecast_basis", "basis"),
    ];

    /// <summary>
    /// Beside the seed (linear plans only), two sections whose figures do not come out even: a profile with odd amounts and
    /// a non-zero December in 诸暨, a linear plan in 越城 whose months fall between yuan, and odd actuals in both years;
    /// and 2021 months in both (uneven in 越城), so 绍兴's counties have two or three years of history for 2023 forecasts
    /// and one for 2022.
    /// </summary>
    public async Task InitializeAsync()
    {
        // xUnit makes an instance per test; the fixture's database is arranged by the first.
        await using (var db = api.CreateDb())
        {
            if (await db.Projects.AnyAsync(p => p.Code == "SAME-NUMBER"))
            {
                return;
            }
        }

        var (_, sections) = await api.CreateProjectAsync("SAME-NUMBER", ["330681", "330602"], scopes: ["comprehensive", "key_project"]);
        await api.PutPlanAsync(sections[0], 2023, 210000m,
            [7000.0001m, 9999.9999m, 12345.6789m, 15000m, 17654.3211m, 20000m, 21000m, 22000m, 23000m, 24000m, 19000m, 19000m]);
        await api.PutPlanAsync(sections[1], 2023, 1234.5677m);
        await api.AddApprovedMonthsAsync(sections[0], 2023, 3333.3333m, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        await api.AddApprovedMonthsAsync(sections[1], 2023, 77.7777m, 1, 2, 3, 4, 5, 6, 7);
        await api.AddApprovedMonthsAsync(sections[1], 2022, 91.0001m, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        await api.AddApprovedMonthsAsync(sections[0], 2021, 2500.0003m, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        await api.AddApprovedMonthsAsync(sections[1], 2021, 40.0001m, 3, 4, 5, 6, 7, 8, 9, 10);
        await api.AddApprovedMonthsAsync(sections[1], 2021, 133.3333m, 11, 12);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("2023-12")]
    [InlineData("2023-07")]
    [InlineData("2022-09")]
    public async Task EveryStoredRow_EqualsTheLiveFigures(string period)
    {
        JobPolling.AssertSucceeded(await JobPolling.RunAsync(api.Client, "/api/v1/rollups", new { period }));
        var (year, month) = (int.Parse(period[..4], CultureInfo.InvariantCulture), int.Parse(period[5..], CultureInfo.InvariantCulture));
        var rows = (await JobPolling.QueryAsync(api.ConnectionString,
                $"select row_to_json(r)::text from rollup_rows r where year = {year} and month = {month} order by region_code, scope, mode_category, mode"))
            .Select(r => JsonDocument.Parse(r).RootElement)
            .ToList();
        Assert.True(rows.Count > 50, $"only {rows.Count} rows rolled up for {period}");

        var compared = 0;
        foreach (var row in rows)
        {
            var (region, scope, category, mode) = (S(row, "region_code"), S(row, "scope"), S(row, "mode_category"), S(row, "mode"));
            var query = $"period={period}"
                        + (scope == "all" ? "" : $"&scope={scope}")
                        + (mode != "all" ? $"&mode={mode}" : category != "all" ? $"&modeCategory={category}" : "");
            var response = await api.GetJsonAsync($"/api/v1/regions/{region}/figures?{query}");
            foreach (var (fields, live) in new[] { (Fields, response.GetProperty("figures")), (ForecastFields, response.GetProperty("forecast")) })
            {
                foreach (var (column, property) in fields)
                {
                    Assert.True(Same(row.GetProperty(column), live.GetProperty(property)),
                        $"{period} {region} {scope}/{category}/{mode}: {column} stored {row.GetProperty(column)}, live {property} {live.GetProperty(property)}");
                    compared++;
                }
            }
        }
        Assert.Equal(rows.Count * (Fields.Length + ForecastFields.Length), compared);
        // Every stored row has a forecast, and in the months before December the earlier years' rhythm is what counts.
        var bases = rows.Select(r => S(r, "forecast_basis")).ToHashSet();
        Assert.Contains(month == 12 ? "reported" : "seasonal", bases);

        // The roll-up read answers the stored forecast, with outlooks judged like the live figures'.
        var read = await api.GetJsonAsync($"/api/v1/rollups/{period}?regionCode=330600");
        var live330600 = (await api.GetJsonAsync($"/api/v1/regions/330600/figures?period={period}")).GetProperty("forecast");
        foreach (var property in new[] { "yearEnd", "low", "high", "basis", "planOutlook", "shortfall" })
        {
            Assert.True(Same(read.GetProperty("region").GetProperty("forecast").GetProperty(property), live330600.GetProperty(property)), property);
        }
    }

    [Theory]
    [InlineData("2023-12")]
    [InlineData("2023-07")]
    public async Task EverySeededCounty_WithoutAStoredRow_HasNothingLive(string period)
    {
        JobPolling.AssertSucceeded(await JobPolling.RunAsync(api.Client, "/api/v1/rollups", new { period }));
        var (year, month) = (int.Parse(period[..4], CultureInfo.InvariantCulture), int.Parse(period[5..], CultureInfo.InvariantCulture));
        var counties = await JobPolling.QueryAsync(api.ConnectionString, "select code from regions where level = 'county' order by code");
        var stored = (await JobPolling.QueryAsync(api.ConnectionString,
            $"select distinct region_code from rollup_rows where year = {year} and month = {month}")).ToHashSet();
        Assert.Contains("330681", stored);
        Assert.Contains("331081", stored);

        foreach (var county in counties.Where(c => !stored.Contains(c)))
        {
            var live = (await api.GetJsonAsync($"/api/v1/regions/{county}/figures?period={period}")).GetProperty("figures");
            Assert.Equal(0m, live.GetProperty("plan").GetDecimal());
            Assert.Equal(0m, live.GetProperty("ytdActual").GetDecimal());
            Assert.Equal(JsonValueKind.Null, live.GetProperty("completionRate").ValueKind);
        }
    }

    private static string S(JsonElement row, string column) => row.GetProperty(column).GetString()!;

    private static bool Same(JsonElement stored, JsonElement live) => (stored.ValueKind, live.ValueKind) switch
    {
        (JsonValueKind.Null, JsonValueKind.Null) => true,
        (JsonValueKind.Number, JsonValueKind.Number) => stored.GetDecimal() == live.GetDecimal(),
        (JsonValueKind.String, JsonValueKind.String) => stored.GetString() == live.GetString(),
        _ => false,
    };
}
