using System.Net;
using System.Text.Json;
using Investment.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Tests.Features.Figures;

/// <summary>
/// Arranges projects and plans through the API, and approved monthly reports straight in the database (the reporting
/// workflow that writes them is another feature's; these tests only read them).
/// </summary>
public static class FigureTestData
{
    /// <summary>Creates a project with one section per region (the first is its home region); returns its id and section ids.</summary>
    public static async Task<(long ProjectId, long[] SectionIds)> CreateProjectAsync(
        this ApiFixture api, string code, string[] regions, string mode = "trunk_highway", string[]? scopes = null)
    {
        var body = new
        {
            code,
            name = $"测试项目{code}",
            mode,
            scopes = scopes ?? ["comprehensive"],
            regionCode = regions[0],
            sections = regions.Select(r => new { regionCode = r, name = $"{code}-{r}", apportionedInvestment = (decimal?)null }).ToArray(),
        };
        var created = await (await api.Client.PostJsonAsync("/api/v1/projects", body)).ReadAsync<JsonElement>(HttpStatusCode.Created);
        var sections = created.GetProperty("sections").EnumerateArray()
            .ToDictionary(s => s.GetProperty("regionCode").GetString()!, s => s.GetProperty("id").GetInt64());
        return (created.GetProperty("id").GetInt64(), regions.Select(r => sections[r]).ToArray());
    }

    public static async Task PutPlanAsync(this ApiFixture api, long sectionId, int year, decimal planned,
        decimal[]? profile = null, decimal? targetPhysicalProgress = null)
    {
        var response = await api.Client.PutAsync($"/api/v1/sections/{sectionId}/plans/{year}",
            JsonContent(new { plannedInvestment = planned, targetPhysicalProgress, monthlyProfile = profile }));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Stores a report revision as the reporting workflow would leave it.</summary>
    public static async Task AddReportAsync(this ApiFixture api, long sectionId, int year, int month, decimal actual,
        decimal? physicalProgress = null, string status = "approved", int revision = 1)
    {
        await using var db = api.CreateDb();
        var reason = revision == 1 ? null : "correction";
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            insert into monthly_reports (section_id, year, month, revision, status, month_actual, physical_progress, correction_reason)
            values ({sectionId}, {year}, {month}, {revision}, {status}, {actual}, {physicalProgress}, {reason})
            """);
    }

    /// <summary>Approved reports of the same amount for each month listed.</summary>
    public static async Task AddApprovedMonthsAsync(this ApiFixture api, long sectionId, int year, decimal actual, params int[] months)
    {
        foreach (var month in months)
        {
            await api.AddReportAsync(sectionId, year, month, actual);
        }
    }

    public static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body, HttpAssertions.Json), System.Text.Encoding.UTF8, "application/json");

    public static StringContent RawJson(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    public static async Task<JsonElement> GetJsonAsync(this ApiFixture api, string url) =>
        await (await api.Client.GetAsync(url)).ReadAsync<JsonElement>();
}
