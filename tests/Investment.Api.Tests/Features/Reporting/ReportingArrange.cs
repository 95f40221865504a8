using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Investment.Api.Data;
using Investment.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Tests.Features.Reporting;

/// <summary>Arrange steps and calls shared by the reporting tests: each test makes its own project and section.</summary>
internal static class ReportingArrange
{
    public const string Zhuji = "330681";

    /// <summary>
    /// A new one-section project through the projects API. The section's first reporting month is set directly,
    /// because a new section starts at the database's real current month, which is after the fixed test clock.
    /// </summary>
    public static async Task<(long ProjectId, long SectionId)> NewSectionAsync(
        this ApiFixture api, string code, string regionCode = Zhuji, string activeFrom = "2023-01-01")
    {
        var response = await api.Client.PostJsonAsync("/api/v1/projects", new
        {
            code, name = $"报表测试{code}", mode = "trunk_highway", regionCode, totalInvestment = 100000m,
        });
        var created = await response.ReadAsync<JsonElement>(HttpStatusCode.Created);
        var projectId = created.GetProperty("id").GetInt64();
        var sectionId = created.GetProperty("sections")[0].GetProperty("id").GetInt64();
        await using var db = api.CreateDb();
        var from = DateOnly.ParseExact(activeFrom, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await db.Sections.Where(s => s.Id == sectionId).ExecuteUpdateAsync(s => s.SetProperty(x => x.ActiveFrom, from));
        return (projectId, sectionId);
    }

    /// <summary>Annual plans are entered by another feature's endpoint; here they are written directly.</summary>
    public static async Task AddPlanAsync(this ApiFixture api, long sectionId, int year, decimal planned = 1000m)
    {
        await using var db = api.CreateDb();
        db.AnnualPlans.Add(new AnnualPlan { SectionId = sectionId, Year = year, PlannedInvestment = planned });
        await db.SaveChangesAsync();
    }

    public static async Task<List<MonthlyReport>> StoredAsync(this ApiFixture api, long sectionId, string period)
    {
        var (year, month) = (int.Parse(period[..4], System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(period[5..], System.Globalization.CultureInfo.InvariantCulture));
        await using var db = api.CreateDb();
        return await db.MonthlyReports.AsNoTracking()
            .Where(r => r.SectionId == sectionId && r.Year == year && r.Month == month)
            .OrderBy(r => r.Revision).ToListAsync();
    }

    public static string Url(long sectionId, string period) => $"/api/v1/sections/{sectionId}/reports/{period}";

    public static Task<HttpResponseMessage> PutReportAsync(this ApiFixture api, long sectionId, string period, object body, string? ifMatch = null) =>
        api.Client.SendAsync(Request(HttpMethod.Put, Url(sectionId, period), JsonContent.Create(body, options: HttpAssertions.Json), ifMatch));

    public static Task<HttpResponseMessage> PutRawAsync(this ApiFixture api, long sectionId, string period, string json, string? ifMatch = null) =>
        api.Client.SendAsync(Request(HttpMethod.Put, Url(sectionId, period),
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"), ifMatch));

    /// <summary>POSTs to a workflow step: "submit", "approve", "return" or "corrections".</summary>
    public static Task<HttpResponseMessage> StepAsync(
        this ApiFixture api, long sectionId, string period, string step, object? body = null, string? ifMatch = null) =>
        api.Client.SendAsync(Request(HttpMethod.Post, $"{Url(sectionId, period)}/{step}",
            body is null ? null : JsonContent.Create(body, options: HttpAssertions.Json), ifMatch));

    public static async Task<JsonElement> GetReportAsync(this ApiFixture api, long sectionId, string period) =>
        await (await api.Client.GetAsync(Url(sectionId, period))).ReadAsync<JsonElement>();

    /// <summary>Creates, submits and approves a month; returns the approved revision's ETag.</summary>
    public static async Task<string> ApprovedMonthAsync(this ApiFixture api, long sectionId, string period, decimal monthActual, decimal? progress = null)
    {
        await (await api.PutReportAsync(sectionId, period, new { monthActual, physicalProgress = progress }))
            .ReadAsync<JsonElement>(HttpStatusCode.Created);
        await (await api.StepAsync(sectionId, period, "submit")).ReadAsync<JsonElement>();
        var approved = await api.StepAsync(sectionId, period, "approve");
        await approved.ReadAsync<JsonElement>();
        return ETag(approved);
    }

    public static string ETag(HttpResponseMessage response) =>
        response.Headers.ETag?.Tag ?? throw new Xunit.Sdk.XunitException("The response has no ETag.");

    private static HttpRequestMessage Request(HttpMethod method, string url, HttpContent? content, string? ifMatch)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return request;
    }
}
