using System.Net;
using System.Text.Json;
using Investment.Api.Tests.Infrastructure;

namespace Investment.Api.Tests.Features.Reporting;

public sealed class MonthlyReportValidationTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    [Theory]
    [InlineData("2023-7", """{"monthActual":1}""", "period")]
    [InlineData("2023-13", """{"monthActual":1}""", "period")]
    [InlineData("202312", """{"monthActual":1}""", "period")]
    [InlineData("2024-02", """{"monthActual":1}""", "period")]
    [InlineData("2030-01", """{"monthActual":1}""", "period")]
    [InlineData("2022-12", """{"monthActual":1}""", "period")]
    [InlineData("2023-07", """{"monthActual":1,"physicalProgress":100.01}""", "physicalProgress")]
    [InlineData("2023-07", """{"monthActual":1,"physicalProgress":-1}""", "physicalProgress")]
    [InlineData("2023-07", """{"monthActual":1,"physicalProgress":50.123}""", "physicalProgress")]
    [InlineData("2023-07", """{"monthActual":1.23456}""", "monthActual")]
    [InlineData("2023-07", """{"monthActual":1e20}""", "monthActual")]
    [InlineData("2023-07", """{"monthActual":-1e20}""", "monthActual")]
    [InlineData("2023-07", """{"monthActual":1e30}""", "monthActual")]
    [InlineData("2023-07", """{"monthActual":-5}""", "monthActual")]
    [InlineData("2023-07", """{"monthActual":"12"}""", "monthActual")]
    [InlineData("2023-07", """{"physicalProgress":10}""", "monthActual")]
    [InlineData("2023-07", """{"monthActual":1,"monthActul":2}""", "monthActul")]
    public async Task Put_BadInput_Returns400NamingTheFieldAndStoresNothing(string period, string json, string field)
    {
        // The section reports from 2023-01, so 2022-12 is before it; the test clock is in 2024-01, so 2024-02 is the future.
        var (_, sectionId) = await api.NewSectionAsync($"RV-{Guid.NewGuid():N}"[..20]);

        await (await api.PutRawAsync(sectionId, period, json)).AssertProblemAsync(HttpStatusCode.BadRequest, field);

        await using var db = api.CreateDb();
        Assert.False(db.MonthlyReports.Any(r => r.SectionId == sectionId));
    }

    [Fact]
    public async Task Put_AtTheLimits_IsAccepted()
    {
        var (_, sectionId) = await api.NewSectionAsync("RV-LIMITS");
        var response = await api.PutRawAsync(sectionId, "2024-01",
            """{"monthActual":99999999999999.9999,"physicalProgress":100,"narrative":"N","problems":"P"}""");
        var body = await response.ReadAsync<JsonElement>(HttpStatusCode.Created);
        Assert.Equal(99999999999999.9999m, body.GetProperty("open").GetProperty("monthActual").GetDecimal());
        Assert.Equal(99999999999999.9999m, Assert.Single(await api.StoredAsync(sectionId, "2024-01")).MonthActual);
    }

    [Fact]
    public async Task Put_TextsOverTheirLimits_Returns400ForEach()
    {
        var (_, sectionId) = await api.NewSectionAsync("RV-TEXT");
        var response = await api.PutReportAsync(sectionId, "2023-07", new
        {
            monthActual = 1m, narrative = new string('进', 4001), problems = new string('问', 4001),
            progressDecreaseReason = new string('因', 1001),
        });
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "narrative", "problems", "progressDecreaseReason");
    }

    [Fact]
    public async Task Put_BadPeriodAndBadBody_NamesBoth()
    {
        var (_, sectionId) = await api.NewSectionAsync("RV-BOTH");
        await (await api.PutRawAsync(sectionId, "2024-03", """{"monthActual":-1.00001,"physicalProgress":101}"""))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "period", "monthActual", "physicalProgress");
    }

    [Fact]
    public async Task Put_ProgressBelowAnApprovedEarlierMonth_NeedsAReason()
    {
        var (_, sectionId) = await api.NewSectionAsync("RV-BACK");
        await api.ApprovedMonthAsync(sectionId, "2023-09", 100m, progress: 48m);
        await api.ApprovedMonthAsync(sectionId, "2023-10", 100m, progress: 50.5m);

        var refused = await api.PutReportAsync(sectionId, "2023-11", new { monthActual = 100m, physicalProgress = 40m });

        var problem = await refused.AssertProblemAsync(HttpStatusCode.BadRequest, "physicalProgress");
        var message = problem.GetProperty("errors").GetProperty("physicalProgress")[0].GetString();
        Assert.Contains("2023-10", message);
        Assert.Contains("50.5%", message);
        Assert.Empty(await api.StoredAsync(sectionId, "2023-11"));

        var accepted = await api.PutReportAsync(sectionId, "2023-11",
            new { monthActual = 100m, physicalProgress = 40m, progressDecreaseReason = "设计变更，总工程量调增" });
        var body = await accepted.ReadAsync<JsonElement>(HttpStatusCode.Created);
        Assert.Equal("设计变更，总工程量调增", body.GetProperty("open").GetProperty("progressDecreaseReason").GetString());
    }

    [Fact]
    public async Task Put_ProgressBelowAnOpenEarlierMonth_NeedsAReason_ButEqualIsFine()
    {
        var (_, sectionId) = await api.NewSectionAsync("RV-BACKOPEN");
        await api.PutReportAsync(sectionId, "2023-08", new { monthActual = 1m, physicalProgress = 30m });

        await (await api.PutReportAsync(sectionId, "2023-09", new { monthActual = 1m, physicalProgress = 29.99m }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "physicalProgress");
        await (await api.PutReportAsync(sectionId, "2023-09", new { monthActual = 1m, physicalProgress = 30m }))
            .ReadAsync<JsonElement>(HttpStatusCode.Created);
        // An earlier month below a later one is fine: progress still rises from it.
        await (await api.PutReportAsync(sectionId, "2023-07", new { monthActual = 1m, physicalProgress = 5m }))
            .ReadAsync<JsonElement>(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Put_BackDatedMonthAboveALaterMonth_NeedsTheReasonADecreaseNeeds()
    {
        var (_, sectionId) = await api.NewSectionAsync("RV-LATER");
        await api.ApprovedMonthAsync(sectionId, "2023-10", 100m, progress: 50m);
        await api.PutReportAsync(sectionId, "2023-11", new { monthActual = 1m, physicalProgress = 52m });

        var refused = await api.PutReportAsync(sectionId, "2023-09", new { monthActual = 100m, physicalProgress = 55m });

        var problem = await refused.AssertProblemAsync(HttpStatusCode.BadRequest, "physicalProgress");
        var message = problem.GetProperty("errors").GetProperty("physicalProgress")[0].GetString();
        // The later month it would go down to: October's 50%, the lowest after September.
        Assert.Contains("2023-10", message, StringComparison.Ordinal);
        Assert.Contains("50%", message, StringComparison.Ordinal);
        Assert.Contains("progressDecreaseReason", message, StringComparison.Ordinal);
        Assert.Empty(await api.StoredAsync(sectionId, "2023-09"));

        await (await api.PutReportAsync(sectionId, "2023-09", new { monthActual = 100m, physicalProgress = 50m }))
            .ReadAsync<JsonElement>(HttpStatusCode.Created);
        await (await api.PutReportAsync(sectionId, "2023-08",
                new { monthActual = 100m, physicalProgress = 55m, progressDecreaseReason = "10月复测后核减" }))
            .ReadAsync<JsonElement>(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Put_ProgressCheck_UsesTheApprovedFiguresNotAnOpenCorrection()
    {
        var (_, sectionId) = await api.NewSectionAsync("RV-BACKCORR");
        await api.ApprovedMonthAsync(sectionId, "2023-08", 1m, progress: 20m);
        await (await api.StepAsync(sectionId, "2023-08", "corrections", new { monthActual = 1m, physicalProgress = 90m, reason = "r" }))
            .ReadAsync<JsonElement>(HttpStatusCode.Created);

        await (await api.PutReportAsync(sectionId, "2023-09", new { monthActual = 1m, physicalProgress = 25m }))
            .ReadAsync<JsonElement>(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Correction_ProgressBackwardsEitherWayWithoutReason_Returns400()
    {
        var (_, sectionId) = await api.NewSectionAsync("RV-CORRBACK");
        await api.ApprovedMonthAsync(sectionId, "2023-08", 1m, progress: 20m);
        await api.ApprovedMonthAsync(sectionId, "2023-09", 1m, progress: 25m);

        await (await api.StepAsync(sectionId, "2023-09", "corrections", new { monthActual = 1m, physicalProgress = 15m, reason = "r" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "physicalProgress");
        Assert.Single(await api.StoredAsync(sectionId, "2023-09"));
        // August raised above September's 25%: September would go backwards from it.
        await (await api.StepAsync(sectionId, "2023-08", "corrections", new { monthActual = 1m, physicalProgress = 30m, reason = "r" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "physicalProgress");
        Assert.Single(await api.StoredAsync(sectionId, "2023-08"));
        await (await api.StepAsync(sectionId, "2023-08", "corrections",
                new { monthActual = 1m, physicalProgress = 30m, reason = "计量更正", progressDecreaseReason = "9月将另行更正" }))
            .ReadAsync<JsonElement>(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Correction_BadAmounts_Return400()
    {
        var (_, sectionId) = await api.NewSectionAsync("RV-CORRAMT");
        await api.ApprovedMonthAsync(sectionId, "2023-08", 1m);
        await (await api.StepAsync(sectionId, "2023-08", "corrections", new { monthActual = -1.00001m, reason = "r" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "monthActual");
        await (await api.StepAsync(sectionId, "2023-08", "corrections", new { monthActual = -1e20m, reason = "r" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "monthActual");
        await (await api.StepAsync(sectionId, "2024-02", "corrections", new { monthActual = 1m, reason = "r" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "period");
        Assert.Single(await api.StoredAsync(sectionId, "2023-08"));
    }

    [Theory]
    [InlineData("submit")]
    [InlineData("approve")]
    public async Task Step_BadPeriod_Returns400(string step)
    {
        var (_, sectionId) = await api.NewSectionAsync($"RV-STEP-{step}");
        await (await api.StepAsync(sectionId, "2024-02", step)).AssertProblemAsync(HttpStatusCode.BadRequest, "period");
        await (await api.StepAsync(sectionId, "July", step)).AssertProblemAsync(HttpStatusCode.BadRequest, "period");
    }

    [Fact]
    public async Task Get_BadPeriodOrYear_Returns400()
    {
        var (_, sectionId) = await api.NewSectionAsync("RV-GET");
        await (await api.Client.GetAsync(ReportingArrange.Url(sectionId, "2024-02"))).AssertProblemAsync(HttpStatusCode.BadRequest, "period");
        await (await api.Client.GetAsync(ReportingArrange.Url(sectionId, "2022-12"))).AssertProblemAsync(HttpStatusCode.BadRequest, "period");
        await (await api.Client.GetAsync($"/api/v1/sections/{sectionId}/reports?year=3000")).AssertProblemAsync(HttpStatusCode.BadRequest, "year");
    }

    [Fact]
    public async Task Return_ReasonTooLong_Returns400AndStaysSubmitted()
    {
        var (_, sectionId) = await api.NewSectionAsync("RV-RETURN");
        await api.PutReportAsync(sectionId, "2023-08", new { monthActual = 1m });
        await api.StepAsync(sectionId, "2023-08", "submit");

        await (await api.StepAsync(sectionId, "2023-08", "return", new { reason = new string('因', 1001) }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "reason");
        Assert.Equal("submitted", Assert.Single(await api.StoredAsync(sectionId, "2023-08")).Status);
    }
}
