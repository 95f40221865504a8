using System.Net;
using System.Text.Json;
using Investment.Api.Data;
using Investment.Api.Tests.Features.Exports;
using Investment.Api.Tests.Infrastructure;

namespace Investment.Api.Tests.Features.Reporting;

/// <summary>
/// 我的标段 (the headquarters' worklist), the review queue and the 催报 list with whom to remind. The fixture's clock
/// stands at 2024-01-20 (Asia/Shanghai): the month to report is 2023-12, due on 2024-01-05. Each test has its own
/// project in 嵊州, which no other test class here plans in.
/// </summary>
public sealed class ReportQueueTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    private const string Shengzhou = "330683";

    private async Task<(long ProjectId, long SectionId)> SectionWithPlanAsync(string code)
    {
        var (projectId, sectionId) = await api.NewSectionAsync(code, Shengzhou);
        await using var db = api.CreateDb();
        var profile = Enumerable.Repeat(100m, 11).Append(100m).ToArray();
        db.AnnualPlans.Add(new AnnualPlan { SectionId = sectionId, Year = 2023, PlannedInvestment = 1200m, MonthlyProfile = profile });
        await db.SaveChangesAsync();
        return (projectId, sectionId);
    }

    private static JsonElement Entry(JsonElement list, string arrayName, long sectionId) =>
        Assert.Single(list.GetProperty(arrayName).EnumerateArray(), s => s.GetProperty("sectionId").GetInt64() == sectionId);

    [Fact]
    public async Task Worklist_Headquarters_SeeTheMonthDueTheirSectionsStateAndLastMonth()
    {
        var (projectId, sectionId) = await SectionWithPlanAsync("WL-STATE");
        await api.ApprovedMonthAsync(sectionId, "2023-11", 90.5m, 40m);
        var headquarters = await api.ClientForAsync(Roles.Headquarters, projectIds: [projectId]);

        var before = await (await headquarters.GetAsync("/api/v1/reports/worklist")).ReadAsync<JsonElement>();

        Assert.Equal("2023-12", before.GetProperty("period").GetString());
        Assert.Equal("2024-01-05", before.GetProperty("dueDate").GetString());
        Assert.Equal(-15, before.GetProperty("daysLeft").GetInt32());
        Assert.Equal(1, before.GetProperty("totalCount").GetInt32());
        var missing = Entry(before, "sections", sectionId);
        Assert.Equal("missing", missing.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, missing.GetProperty("version").ValueKind);
        Assert.Equal(1200m, missing.GetProperty("plannedInvestment").GetDecimal());
        Assert.Equal(100m, missing.GetProperty("plannedThisMonth").GetDecimal());
        var previous = missing.GetProperty("previousMonth");
        Assert.Equal(("2023-11", 90.5m, 40m, "approved"), (previous.GetProperty("period").GetString(), previous.GetProperty("monthActual").GetDecimal(),
            previous.GetProperty("physicalProgress").GetDecimal(), previous.GetProperty("status").GetString()));

        await (await api.PutReportAsync(sectionId, "2023-12", new { monthActual = 120m, physicalProgress = 45m })).ReadAsync<JsonElement>(HttpStatusCode.Created);
        await (await api.StepAsync(sectionId, "2023-12", "submit")).ReadAsync<JsonElement>();
        await (await api.StepAsync(sectionId, "2023-12", "return", new { reason = "形象进度与监理月报不符" })).ReadAsync<JsonElement>();

        var returned = Entry(await (await headquarters.GetAsync("/api/v1/reports/worklist")).ReadAsync<JsonElement>(), "sections", sectionId);
        Assert.Equal("returned", returned.GetProperty("state").GetString());
        Assert.Equal("形象进度与监理月报不符", returned.GetProperty("returnReason").GetString());
        Assert.Equal(120m, returned.GetProperty("monthActual").GetDecimal());
        Assert.StartsWith("\"", returned.GetProperty("version").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Worklist_AnotherMonth_HasItsOwnDueDate_AndAFutureMonthIsRefusedByField()
    {
        var (projectId, sectionId) = await SectionWithPlanAsync("WL-MONTH");
        await api.ApprovedMonthAsync(sectionId, "2023-10", 10m);
        var headquarters = await api.ClientForAsync(Roles.Headquarters, sectionIds: [sectionId]);

        var october = await (await headquarters.GetAsync("/api/v1/reports/worklist?period=2023-10")).ReadAsync<JsonElement>();
        Assert.Equal("2023-11-05", october.GetProperty("dueDate").GetString());
        Assert.Equal("approved", Entry(october, "sections", sectionId).GetProperty("state").GetString());

        var future = await headquarters.GetAsync("/api/v1/reports/worklist?period=2024-02");
        await future.AssertProblemAsync(HttpStatusCode.BadRequest, "period");
        var badPage = await headquarters.GetAsync("/api/v1/reports/worklist?pageSize=0");
        await badPage.AssertProblemAsync(HttpStatusCode.BadRequest, "pageSize");
        _ = projectId;
    }

    [Fact]
    public async Task ReviewQueue_ListsSubmittedReportsOfTheRegion_WithPlanYearToDateAndPreviousMonth()
    {
        var (_, sectionId) = await SectionWithPlanAsync("RQ-SUBMIT");
        await api.ApprovedMonthAsync(sectionId, "2023-10", 200m, 30m);
        await api.ApprovedMonthAsync(sectionId, "2023-11", 150m, 35m);
        await (await api.PutReportAsync(sectionId, "2023-12", new { monthActual = 99.1234m, physicalProgress = 38m, narrative = "路基完成" }))
            .ReadAsync<JsonElement>(HttpStatusCode.Created);
        await (await api.StepAsync(sectionId, "2023-12", "submit")).ReadAsync<JsonElement>();
        var planner = await api.ClientForAsync(Roles.Planning, regionCodes: [Shengzhou]);

        var page = await (await planner.GetAsync($"/api/v1/reports?status=submitted&regionCode={Shengzhou}&period=2023-12")).ReadAsync<JsonElement>();

        var item = Entry(page, "items", sectionId);
        Assert.Equal(("2023-12", "submitted", 99.1234m, 38m, "路基完成"), (item.GetProperty("period").GetString(), item.GetProperty("status").GetString(),
            item.GetProperty("monthActual").GetDecimal(), item.GetProperty("physicalProgress").GetDecimal(), item.GetProperty("narrative").GetString()));
        Assert.Equal(1200m, item.GetProperty("plannedInvestment").GetDecimal());
        Assert.Equal(100m, item.GetProperty("plannedThisMonth").GetDecimal());
        Assert.Equal(449.1234m, item.GetProperty("yearToDateActual").GetDecimal());
        Assert.Equal(150m, item.GetProperty("previousMonth").GetProperty("monthActual").GetDecimal());
        Assert.Equal(1, page.GetProperty("page").GetInt32());

        // Approving takes it off the queue; it is then among the approved.
        var approve = await planner.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"{ReportingArrange.Url(sectionId, "2023-12")}/approve")
        {
            Headers = { { "If-Match", item.GetProperty("version").GetString() } },
        });
        await approve.ReadAsync<JsonElement>();
        var after = await (await planner.GetAsync($"/api/v1/reports?regionCode={Shengzhou}&period=2023-12")).ReadAsync<JsonElement>();
        Assert.DoesNotContain(after.GetProperty("items").EnumerateArray(), i => i.GetProperty("sectionId").GetInt64() == sectionId);
        var approved = await (await planner.GetAsync($"/api/v1/reports?status=approved&regionCode={Shengzhou}&period=2023-12")).ReadAsync<JsonElement>();
        Assert.Equal(449.1234m, Entry(approved, "items", sectionId).GetProperty("yearToDateActual").GetDecimal());
    }

    [Fact]
    public async Task ReviewQueue_RefusesAnUnknownStatus_AndARegionOutsideTheScopeReadsAsUnknown()
    {
        var planner = await api.ClientForAsync(Roles.Planning, regionCodes: [Shengzhou]);

        await (await planner.GetAsync("/api/v1/reports?status=pending")).AssertProblemAsync(HttpStatusCode.BadRequest, "status");
        await (await planner.GetAsync("/api/v1/reports?regionCode=330681")).AssertProblemAsync(HttpStatusCode.BadRequest, "regionCode");
        await (await planner.GetAsync("/api/v1/reports?regionCode=999999")).AssertProblemAsync(HttpStatusCode.BadRequest, "regionCode");
        await (await planner.GetAsync("/api/v1/reports?page=0&pageSize=201")).AssertProblemAsync(HttpStatusCode.BadRequest, "page", "pageSize");
    }

    [Fact]
    public async Task ReviewQueue_OtherCountiesReportsAreNotListed()
    {
        var (_, sectionId) = await SectionWithPlanAsync("RQ-SCOPE");
        await (await api.PutReportAsync(sectionId, "2023-12", new { monthActual = 5m })).ReadAsync<JsonElement>(HttpStatusCode.Created);
        await (await api.StepAsync(sectionId, "2023-12", "submit")).ReadAsync<JsonElement>();
        var zhujiPlanner = await api.ClientForAsync(Roles.Planning, regionCodes: [ReportingArrange.Zhuji]);

        var page = await (await zhujiPlanner.GetAsync("/api/v1/reports?status=submitted")).ReadAsync<JsonElement>();

        Assert.DoesNotContain(page.GetProperty("items").EnumerateArray(), i => i.GetProperty("sectionId").GetInt64() == sectionId);
    }

    [Fact]
    public async Task Reminders_NameTheHeadquartersToRemind_InTheListAndTheSheet()
    {
        var (projectId, sectionId) = await SectionWithPlanAsync("RM-MAIL");
        var (byProject, _) = await api.CreateUserAsync(Roles.Headquarters, projectIds: [projectId]);
        var (bySection, _) = await api.CreateUserAsync(Roles.Headquarters, sectionIds: [sectionId]);
        var (elsewhere, _) = await api.CreateUserAsync(Roles.Leadership, regionCodes: [Shengzhou]);

        var list = await (await api.Client.GetAsync($"/api/v1/reports/missing?period=2023-12&regionCode={Shengzhou}")).ReadAsync<JsonElement>();
        var emails = Entry(list, "items", sectionId).GetProperty("headquartersEmails").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(new[] { byProject, bySection }.Order(StringComparer.Ordinal), emails);
        Assert.DoesNotContain(elsewhere, emails);

        using var book = await ExportEndpointsTests.OpenAsync(
            await api.Client.GetAsync($"/api/v1/exports/missing-reports?period=2023-12&regionCode={Shengzhou}"));
        Assert.Equal("嵊州市 2023年12月 未报及未审核月报清单", book.Text("A1"));
        Assert.StartsWith("制表单位：嵊州市交通运输局", book.Text("A2"), StringComparison.Ordinal);
        Assert.Equal(["区县", "项目编码", "项目", "标段", "状态", "最后修改", "指挥部联系人邮箱"], Enumerable.Range(0, 7).Select(i => book.Text($"{Excel.XlsxReadBack.ColumnName(i)}4")));
        var row = Enumerable.Range(5, 200).First(r => book.Text($"B{r}") == "RM-MAIL");
        Assert.Equal("未填报", book.Text($"E{row}"));
        Assert.Equal(Api.Excel.XlsxStyles.RedFillArgb, book.FillArgb($"A{row}"));
        Assert.Equal($"{emails[0]}；{emails[1]}", book.Text($"G{row}"));
        Assert.True(book.IsString($"G{row}"));
    }

    [Fact]
    public async Task MissingReportsSheet_NeedsAPeriodAndARegion()
    {
        var response = await api.Client.GetAsync("/api/v1/exports/missing-reports");
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "period", "regionCode");
    }

}
