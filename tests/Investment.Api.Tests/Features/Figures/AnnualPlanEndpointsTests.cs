using System.Net;
using System.Text.Json;
using Investment.Api.Tests.Infrastructure;

namespace Investment.Api.Tests.Features.Figures;

public sealed class AnnualPlanEndpointsTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    private const string Keqiao = "330603";

    private static int _badCount;

    private static readonly decimal[] Profile = [100m, 100m, 100m, 100m, 100m, 100m, 100m, 100m, 100m, 100m, 100m, 100.5m];

    private async Task<long> NewSectionAsync(string code) => (await api.CreateProjectAsync(code, [Keqiao])).SectionIds[0];

    private Task<HttpResponseMessage> PutAsync(long sectionId, int year, object body) =>
        api.Client.PutAsync($"/api/v1/sections/{sectionId}/plans/{year}", FigureTestData.JsonContent(body));

    private async Task<JsonElement[]> ListAsync(long sectionId) =>
        (await api.GetJsonAsync($"/api/v1/sections/{sectionId}/plans")).EnumerateArray().ToArray();

    [Fact]
    public async Task Put_NewThenAgain_Creates201ThenReplaces200()
    {
        var section = await NewSectionAsync("P-PUT");

        var created = await (await PutAsync(section, 2023, new { plannedInvestment = 1200.5m, targetPhysicalProgress = 45.25m, monthlyProfile = Profile }))
            .ReadAsync<JsonElement>(HttpStatusCode.Created);
        var replaced = await (await PutAsync(section, 2023, new { plannedInvestment = 800m }))
            .ReadAsync<JsonElement>(HttpStatusCode.OK);

        Assert.Equal(1200.5m, created.GetProperty("plannedInvestment").GetDecimal());
        Assert.Equal(100.5m, created.GetProperty("monthlyProfile")[11].GetDecimal());
        Assert.Equal(JsonValueKind.Null, replaced.GetProperty("monthlyProfile").ValueKind);
        var plan = Assert.Single(await ListAsync(section));
        Assert.Equal(2023, plan.GetProperty("year").GetInt32());
        Assert.Equal(800m, plan.GetProperty("plannedInvestment").GetDecimal());
        Assert.Equal(JsonValueKind.Null, plan.GetProperty("targetPhysicalProgress").ValueKind);
    }

    [Fact]
    public async Task List_SeveralYears_InYearOrder()
    {
        var section = await NewSectionAsync("P-LIST");
        await api.PutPlanAsync(section, 2024, 2m);
        await api.PutPlanAsync(section, 2022, 1m);

        var years = (await ListAsync(section)).Select(p => p.GetProperty("year").GetInt32());

        Assert.Equal([2022, 2024], years);
    }

    [Fact]
    public async Task Put_ProfileOf11Values_Returns400OnMonthlyProfile()
    {
        var section = await NewSectionAsync("P-ELEVEN");

        var problem = await (await PutAsync(section, 2023, new { plannedInvestment = 1100m, monthlyProfile = Profile[..11] }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "monthlyProfile");

        Assert.Contains("12", problem.GetProperty("errors").GetProperty("monthlyProfile")[0].GetString());
        Assert.Empty(await ListAsync(section));
    }

    [Fact]
    public async Task Put_ProfileNotAddingUp_Returns400SayingTheDifference()
    {
        var section = await NewSectionAsync("P-SUM");

        var problem = await (await PutAsync(section, 2023, new { plannedInvestment = 1200m, monthlyProfile = Profile }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "monthlyProfile");

        var message = problem.GetProperty("errors").GetProperty("monthlyProfile")[0].GetString()!;
        Assert.Contains("1200.5", message);
        Assert.Contains("difference 0.5", message);
        Assert.Empty(await ListAsync(section));
    }

    [Fact]
    public async Task Put_BadReplacement_KeepsTheStoredPlan()
    {
        var section = await NewSectionAsync("P-KEEP");
        await api.PutPlanAsync(section, 2023, 1200.5m, Profile);

        await (await PutAsync(section, 2023, new { plannedInvestment = 999m, monthlyProfile = Profile }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "monthlyProfile");

        var plan = Assert.Single(await ListAsync(section));
        Assert.Equal(1200.5m, plan.GetProperty("plannedInvestment").GetDecimal());
        Assert.Equal(12, plan.GetProperty("monthlyProfile").GetArrayLength());
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { """{"plannedInvestment": -1}""", "plannedInvestment" },
        { """{"plannedInvestment": 1.23456}""", "plannedInvestment" },
        { """{"plannedInvestment": 100000000000000}""", "plannedInvestment" },
        { """{}""", "plannedInvestment" },
        { """{"plannedInvestment": "12"}""", "plannedInvestment" },
        { """{"plannedInvestment": 12, "targetPhysicalProgress": 100.01}""", "targetPhysicalProgress" },
        { """{"plannedInvestment": 12, "targetPhysicalProgress": -1}""", "targetPhysicalProgress" },
        { """{"plannedInvestment": 12, "targetPhysicalProgress": 50.125}""", "targetPhysicalProgress" },
        { """{"plannedInvestment": 12, "monthlyProfile": [1,1,-1,1,1,1,1,1,1,1,1,3]}""", "monthlyProfile[2]" },
        { """{"plannedInvestment": 12, "monthlyProfile": [1,1,1,1,1,1,1,1,1,1,1,0.99999]}""", "monthlyProfile[11]" },
        { """{"plannedInvestment": 12, "monthlyProfile": [1,1,1,1,1,1,1,1,1,1,1,null]}""", "monthlyProfile[11]" },
        { """{"plannedInvestment": 12, "monthlyProfile": []}""", "monthlyProfile" },
        { """{"plannedInvestment": 12, "monthly": [1]}""", "monthly" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Put_BadBody_Returns400NamingTheFieldAndStoresNothing(string json, string field)
    {
        var section = await NewSectionAsync($"P-BAD-{Interlocked.Increment(ref _badCount)}");

        var response = await api.Client.PutAsync($"/api/v1/sections/{section}/plans/2023", FigureTestData.RawJson(json));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, field);
        Assert.Empty(await ListAsync(section));
    }

    [Theory]
    [InlineData(1989)]
    [InlineData(2101)]
    public async Task Put_YearOutOfRange_Returns400OnYear(int year)
    {
        var section = await NewSectionAsync($"P-YEAR-{year}");

        await (await PutAsync(section, year, new { plannedInvestment = 1m })).AssertProblemAsync(HttpStatusCode.BadRequest, "year");
    }

    [Fact]
    public async Task PlanEndpoints_UnknownSection_Return404()
    {
        await (await PutAsync(987654321, 2023, new { plannedInvestment = 1m })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await api.Client.GetAsync("/api/v1/sections/987654321/plans")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await api.Client.DeleteAsync("/api/v1/sections/987654321/plans/2023")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_NoApprovedReports_RemovesThePlan()
    {
        var section = await NewSectionAsync("P-DEL");
        await api.PutPlanAsync(section, 2023, 10m);
        await api.AddReportAsync(section, 2023, 1, 1m, status: "submitted");

        Assert.Equal(HttpStatusCode.NoContent, (await api.Client.DeleteAsync($"/api/v1/sections/{section}/plans/2023")).StatusCode);

        Assert.Empty(await ListAsync(section));
        await (await api.Client.DeleteAsync($"/api/v1/sections/{section}/plans/2023")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_ApprovedReportsThatYear_Returns409AndKeepsThePlan()
    {
        var section = await NewSectionAsync("P-DEL409");
        await api.PutPlanAsync(section, 2023, 10m);
        await api.PutPlanAsync(section, 2022, 10m);
        await api.AddReportAsync(section, 2023, 3, 1m);

        await (await api.Client.DeleteAsync($"/api/v1/sections/{section}/plans/2023")).AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(2, (await ListAsync(section)).Length);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Client.DeleteAsync($"/api/v1/sections/{section}/plans/2022")).StatusCode);
    }
}
