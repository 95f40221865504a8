using System.Net;
using System.Text.Json;
using Investment.Api.Tests.Infrastructure;

namespace Investment.Api.Tests.Features.Reporting;

public sealed class MonthlyReportWorkflowTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    [Fact]
    public async Task Report_DraftEditSubmitReturnResubmitApprove_FollowsTheWorkflow()
    {
        var (_, sectionId) = await api.NewSectionAsync("RW-FLOW");

        // Create: revision 1 as a draft.
        var created = await api.PutReportAsync(sectionId, "2023-11",
            new { monthActual = 1200.5m, physicalProgress = 12.5m, narrative = "路基施工", problems = "青苗政策处理" });
        var draft = await created.ReadAsync<JsonElement>(HttpStatusCode.Created);
        Assert.Equal($"/api/v1/sections/{sectionId}/reports/2023-11", created.Headers.Location?.OriginalString);
        var open = draft.GetProperty("open");
        Assert.Equal("draft", open.GetProperty("status").GetString());
        Assert.Equal(1, open.GetProperty("revision").GetInt32());
        Assert.Equal(1200.5m, open.GetProperty("monthActual").GetDecimal());
        Assert.Equal(JsonValueKind.Null, draft.GetProperty("approved").ValueKind);
        Assert.Equal(open.GetProperty("version").GetString(), ReportingArrange.ETag(created));

        // Edit with the ETag.
        var edited = await api.PutReportAsync(sectionId, "2023-11",
            new { monthActual = 1300.1234m, physicalProgress = 13m, narrative = "路基、桥梁施工" }, ReportingArrange.ETag(created));
        var editedBody = await edited.ReadAsync<JsonElement>();
        Assert.Equal(1300.1234m, editedBody.GetProperty("open").GetProperty("monthActual").GetDecimal());
        Assert.Equal(JsonValueKind.Null, editedBody.GetProperty("open").GetProperty("problems").ValueKind);
        Assert.NotEqual(ReportingArrange.ETag(created), ReportingArrange.ETag(edited));

        // Submitting with the stale ETag fails; with none it works.
        await (await api.StepAsync(sectionId, "2023-11", "submit", ifMatch: ReportingArrange.ETag(created)))
            .AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        var submitted = await (await api.StepAsync(sectionId, "2023-11", "submit")).ReadAsync<JsonElement>();
        Assert.Equal("submitted", submitted.GetProperty("open").GetProperty("status").GetString());
        Assert.Equal(ApiFixture.Now, submitted.GetProperty("open").GetProperty("submittedAt").GetDateTimeOffset());
        // Who: the signed-in user (the fixture's administrator).
        Assert.Equal(ApiFixture.AdminEmail, submitted.GetProperty("open").GetProperty("submittedBy").GetString());

        // A submitted report is not editable.
        var get = await api.Client.GetAsync(ReportingArrange.Url(sectionId, "2023-11"));
        var locked = await api.PutReportAsync(sectionId, "2023-11", new { monthActual = 1m }, ReportingArrange.ETag(get));
        var lockedProblem = await locked.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("submitted", lockedProblem.GetProperty("detail").GetString());

        // Return needs a reason.
        await (await api.StepAsync(sectionId, "2023-11", "return", new { reason = " " }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "reason");
        var returned = await api.StepAsync(sectionId, "2023-11", "return", new { reason = "桥梁产值偏高，请核实" });
        var returnedBody = await returned.ReadAsync<JsonElement>();
        Assert.Equal("returned", returnedBody.GetProperty("open").GetProperty("status").GetString());
        Assert.Equal("桥梁产值偏高，请核实", returnedBody.GetProperty("open").GetProperty("returnReason").GetString());

        // A returned report is editable again, then resubmitted and approved.
        var fixedUp = await api.PutReportAsync(sectionId, "2023-11", new { monthActual = 1100m, physicalProgress = 13m },
            ReportingArrange.ETag(returned));
        Assert.Equal("returned", (await fixedUp.ReadAsync<JsonElement>()).GetProperty("open").GetProperty("status").GetString());
        await (await api.StepAsync(sectionId, "2023-11", "submit", ifMatch: ReportingArrange.ETag(fixedUp))).ReadAsync<JsonElement>();
        var approved = await api.StepAsync(sectionId, "2023-11", "approve");
        var approvedBody = await approved.ReadAsync<JsonElement>();

        Assert.Equal(JsonValueKind.Null, approvedBody.GetProperty("open").ValueKind);
        var figures = approvedBody.GetProperty("approved");
        Assert.Equal("approved", figures.GetProperty("status").GetString());
        Assert.Equal(1100m, figures.GetProperty("monthActual").GetDecimal());
        Assert.Equal(ApiFixture.Now, figures.GetProperty("decidedAt").GetDateTimeOffset());
        Assert.Equal(figures.GetProperty("version").GetString(), ReportingArrange.ETag(approved));
        var stored = Assert.Single(await api.StoredAsync(sectionId, "2023-11"));
        Assert.Equal(("approved", 1100m, 1), (stored.Status, stored.MonthActual, stored.Revision));

        var year = await (await api.Client.GetAsync($"/api/v1/sections/{sectionId}/reports?year=2023")).ReadAsync<JsonElement>();
        var month = Assert.Single(year.GetProperty("months").EnumerateArray());
        Assert.Equal("2023-11", month.GetProperty("period").GetString());
        Assert.Equal(1100m, month.GetProperty("monthActual").GetDecimal());
        Assert.Equal(JsonValueKind.Null, month.GetProperty("openStatus").ValueKind);
    }

    [Fact]
    public async Task Put_ExistingDraftWithoutIfMatch_Returns428AndKeepsTheDraft()
    {
        var (_, sectionId) = await api.NewSectionAsync("RW-428");
        var created = await api.PutReportAsync(sectionId, "2023-10", new { monthActual = 10m });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var again = await api.PutReportAsync(sectionId, "2023-10", new { monthActual = 99m });

        var problem = await again.AssertProblemAsync(HttpStatusCode.PreconditionRequired);
        Assert.Equal(ReportingArrange.ETag(created), problem.GetProperty("currentVersion").GetString());
        Assert.Equal(10m, Assert.Single(await api.StoredAsync(sectionId, "2023-10")).MonthActual);
    }

    [Fact]
    public async Task Put_StaleIfMatch_Returns412WithCurrentVersion()
    {
        var (_, sectionId) = await api.NewSectionAsync("RW-412");
        var created = await api.PutReportAsync(sectionId, "2023-10", new { monthActual = 10m });
        var first = await api.PutReportAsync(sectionId, "2023-10", new { monthActual = 20m }, ReportingArrange.ETag(created));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        var stale = await api.PutReportAsync(sectionId, "2023-10", new { monthActual = 30m }, ReportingArrange.ETag(created));

        var problem = await stale.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(ReportingArrange.ETag(first), problem.GetProperty("currentVersion").GetString());
        Assert.Equal(20m, Assert.Single(await api.StoredAsync(sectionId, "2023-10")).MonthActual);
    }

    [Fact]
    public async Task Put_ApprovedMonth_Returns409LockedAndChangesNothing()
    {
        var (_, sectionId) = await api.NewSectionAsync("RW-LOCK");
        var etag = await api.ApprovedMonthAsync(sectionId, "2023-09", 500m);

        var response = await api.PutReportAsync(sectionId, "2023-09", new { monthActual = 1m }, etag);

        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("correction", problem.GetProperty("detail").GetString());
        Assert.Equal("approved", problem.GetProperty("currentStatus").GetString());
        var stored = Assert.Single(await api.StoredAsync(sectionId, "2023-09"));
        Assert.Equal(500m, stored.MonthActual);
    }

    [Theory]
    [InlineData("approve", "draft")]
    [InlineData("return", "draft")]
    public async Task Step_FromDraft_Returns409NamingTheStatus(string step, string status)
    {
        var (_, sectionId) = await api.NewSectionAsync($"RW-WRONG-{step}");
        await api.PutReportAsync(sectionId, "2023-08", new { monthActual = 1m });

        var response = await api.StepAsync(sectionId, "2023-08", step, step == "return" ? new { reason = "x" } : null);

        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(status, problem.GetProperty("currentStatus").GetString());
        Assert.Contains(status, problem.GetProperty("detail").GetString());
        Assert.Equal("draft", Assert.Single(await api.StoredAsync(sectionId, "2023-08")).Status);
    }

    [Fact]
    public async Task Step_SubmitTwiceOrApproveApproved_Returns409()
    {
        var (_, sectionId) = await api.NewSectionAsync("RW-TWICE");
        await api.PutReportAsync(sectionId, "2023-08", new { monthActual = 1m });
        await (await api.StepAsync(sectionId, "2023-08", "submit")).ReadAsync<JsonElement>();

        await (await api.StepAsync(sectionId, "2023-08", "submit")).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await api.StepAsync(sectionId, "2023-08", "approve")).ReadAsync<JsonElement>();
        var again = await (await api.StepAsync(sectionId, "2023-08", "approve")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("approved", again.GetProperty("currentStatus").GetString());
    }

    [Fact]
    public async Task Step_NoReportAtAll_Returns404()
    {
        var (_, sectionId) = await api.NewSectionAsync("RW-NONE");
        await (await api.StepAsync(sectionId, "2023-08", "submit")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Correction_NegativeAmount_IsAcceptedAndItsApprovalSupersedesTheOldOne()
    {
        var (_, sectionId) = await api.NewSectionAsync("RW-CORR");
        var approvedETag = await api.ApprovedMonthAsync(sectionId, "2023-06", 800m, progress: 20m);

        var correction = await api.StepAsync(sectionId, "2023-06", "corrections",
            new { monthActual = -150.25m, physicalProgress = 20m, reason = "6月误计入7月产值，冲减" }, approvedETag);
        var body = await correction.ReadAsync<JsonElement>(HttpStatusCode.Created);
        Assert.Equal($"/api/v1/sections/{sectionId}/reports/2023-06", correction.Headers.Location?.OriginalString);
        var open = body.GetProperty("open");
        Assert.Equal((2, "draft"), (open.GetProperty("revision").GetInt32(), open.GetProperty("status").GetString()));
        Assert.Equal("6月误计入7月产值，冲减", open.GetProperty("correctionReason").GetString());
        // Until the correction is approved, the month's figures are still the first approval's.
        Assert.Equal(800m, body.GetProperty("approved").GetProperty("monthActual").GetDecimal());
        Assert.Equal(open.GetProperty("version").GetString(), ReportingArrange.ETag(correction));

        // Editing the open correction keeps its reason and may stay negative.
        var edited = await api.PutReportAsync(sectionId, "2023-06", new { monthActual = -150.5m, physicalProgress = 20m },
            ReportingArrange.ETag(correction));
        var editedOpen = (await edited.ReadAsync<JsonElement>()).GetProperty("open");
        Assert.Equal(-150.5m, editedOpen.GetProperty("monthActual").GetDecimal());
        Assert.Equal("6月误计入7月产值，冲减", editedOpen.GetProperty("correctionReason").GetString());

        await (await api.StepAsync(sectionId, "2023-06", "submit")).ReadAsync<JsonElement>();
        var approved = await (await api.StepAsync(sectionId, "2023-06", "approve")).ReadAsync<JsonElement>();

        Assert.Equal(-150.5m, approved.GetProperty("approved").GetProperty("monthActual").GetDecimal());
        Assert.Equal(2, approved.GetProperty("approved").GetProperty("revision").GetInt32());
        var history = approved.GetProperty("history").EnumerateArray()
            .Select(r => (r.GetProperty("revision").GetInt32(), r.GetProperty("status").GetString())).ToList();
        Assert.Equal([(2, "approved"), (1, "superseded")], history);
        var stored = await api.StoredAsync(sectionId, "2023-06");
        Assert.Equal([800m, -150.5m], stored.Select(r => r.MonthActual));
        Assert.Single(stored, r => r.Status == "approved");
    }

    [Fact]
    public async Task Correction_WithoutReason_Returns400AndStoresNothing()
    {
        var (_, sectionId) = await api.NewSectionAsync("RW-NOREASON");
        await api.ApprovedMonthAsync(sectionId, "2023-05", 100m);

        await (await api.StepAsync(sectionId, "2023-05", "corrections", new { monthActual = -10m }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "reason");
        await (await api.StepAsync(sectionId, "2023-05", "corrections", new { monthActual = 10m, reason = "" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "reason");
        await (await api.StepAsync(sectionId, "2023-05", "corrections", new { monthActual = 10m, reason = new string('因', 1001) }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "reason");
        Assert.Single(await api.StoredAsync(sectionId, "2023-05"));
    }

    [Fact]
    public async Task Correction_WhileOneIsOpenOrNothingApproved_Returns409()
    {
        var (_, sectionId) = await api.NewSectionAsync("RW-CORR409");
        await api.PutReportAsync(sectionId, "2023-04", new { monthActual = 5m });
        await (await api.StepAsync(sectionId, "2023-04", "corrections", new { monthActual = 1m, reason = "r" }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        await (await api.StepAsync(sectionId, "2023-03", "corrections", new { monthActual = 1m, reason = "r" }))
            .AssertProblemAsync(HttpStatusCode.Conflict);

        await api.ApprovedMonthAsync(sectionId, "2023-02", 5m);
        await (await api.StepAsync(sectionId, "2023-02", "corrections", new { monthActual = 6m, reason = "r" }))
            .ReadAsync<JsonElement>(HttpStatusCode.Created);
        await (await api.StepAsync(sectionId, "2023-02", "corrections", new { monthActual = 7m, reason = "again" }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(2, (await api.StoredAsync(sectionId, "2023-02")).Count);
        Assert.Single(await api.StoredAsync(sectionId, "2023-04"));
    }

    [Fact]
    public async Task Correction_StaleIfMatch_Returns412()
    {
        var (_, sectionId) = await api.NewSectionAsync("RW-CORR412");
        await api.ApprovedMonthAsync(sectionId, "2023-02", 5m);
        await (await api.StepAsync(sectionId, "2023-02", "corrections", new { monthActual = 6m, reason = "r" }, "\"1\""))
            .AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Single(await api.StoredAsync(sectionId, "2023-02"));
    }

    [Theory]
    [InlineData("""{"monthActual":1,"status":"approved"}""", "status")]
    [InlineData("""{"monthActual":1,"revision":2}""", "revision")]
    [InlineData("""{"monthActual":1,"reason":"x"}""", "reason")]
    [InlineData("""{"monthActual":1,"correctionReason":"x"}""", "correctionReason")]
    public async Task Put_WorkflowFields_AreUnknownAndReturn400(string json, string field)
    {
        var (_, sectionId) = await api.NewSectionAsync($"RW-FIELD-{field}");
        await (await api.PutRawAsync(sectionId, "2023-07", json)).AssertProblemAsync(HttpStatusCode.BadRequest, field);
        Assert.Empty(await api.StoredAsync(sectionId, "2023-07"));
    }

    [Fact]
    public async Task Get_MonthWithoutReport_ReturnsNullsWithoutETag()
    {
        var (projectId, sectionId) = await api.NewSectionAsync("RW-EMPTY");
        var response = await api.Client.GetAsync(ReportingArrange.Url(sectionId, "2023-07"));
        var body = await response.ReadAsync<JsonElement>();
        Assert.Equal(projectId, body.GetProperty("projectId").GetInt64());
        Assert.Equal("RW-EMPTY", body.GetProperty("projectCode").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("approved").ValueKind);
        Assert.Equal(0, body.GetProperty("history").GetArrayLength());
        Assert.Null(response.Headers.ETag);
    }

    [Fact]
    public async Task Get_SeedSection_ShowsTheApprovedDecember()
    {
        await using var db = api.CreateDb();
        var sectionId = db.Sections.Where(s => s.Project!.Code == "ZJ-KEZHU" && s.RegionCode == "330681").Select(s => s.Id).Single();

        var response = await api.Client.GetAsync(ReportingArrange.Url(sectionId, "2023-12"));
        var body = await response.ReadAsync<JsonElement>();

        var approved = body.GetProperty("approved");
        Assert.Equal(68.8m, approved.GetProperty("physicalProgress").GetDecimal());
        Assert.Equal(1, approved.GetProperty("revision").GetInt32());
        Assert.Equal(approved.GetProperty("version").GetString(), ReportingArrange.ETag(response));
        var year = await (await api.Client.GetAsync($"/api/v1/sections/{sectionId}/reports?year=2023")).ReadAsync<JsonElement>();
        Assert.Equal(12, year.GetProperty("months").GetArrayLength());
        Assert.All(year.GetProperty("months").EnumerateArray(), m => Assert.Equal(1, m.GetProperty("approvedRevision").GetInt32()));
    }

    [Fact]
    public async Task Report_UnknownSection_Returns404()
    {
        await (await api.PutReportAsync(987654321, "2023-07", new { monthActual = 1m })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await api.Client.GetAsync(ReportingArrange.Url(987654321, "2023-07"))).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await api.Client.GetAsync("/api/v1/sections/987654321/reports?year=2023")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Report_ArchivedProject_Returns409ButStaysReadable()
    {
        var (projectId, sectionId) = await api.NewSectionAsync("RW-ARCH");
        await api.PutReportAsync(sectionId, "2023-07", new { monthActual = 1m });
        await (await api.Client.PostJsonAsync($"/api/v1/projects/{projectId}/archive", new { })).ReadAsync<JsonElement>();

        await (await api.PutReportAsync(sectionId, "2023-08", new { monthActual = 1m })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await api.StepAsync(sectionId, "2023-07", "submit")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Empty(await api.StoredAsync(sectionId, "2023-08"));
        Assert.Equal("draft", (await api.GetReportAsync(sectionId, "2023-07")).GetProperty("open").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Put_IfMatchOnAMonthWithoutReport_Returns412AndCreatesNothing()
    {
        var (_, sectionId) = await api.NewSectionAsync("RW-IFMATCH-NEW");
        await (await api.PutReportAsync(sectionId, "2023-07", new { monthActual = 1m }, "\"123\""))
            .AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Empty(await api.StoredAsync(sectionId, "2023-07"));
    }

    [Fact]
    public async Task OpenApi_DescribesTheReportEndpoints()
    {
        var document = await (await api.Client.GetAsync("/openapi/v1.json")).ReadAsync<JsonElement>();
        var paths = document.GetProperty("paths");
        foreach (var path in new[]
                 {
                     "/api/v1/sections/{sectionId}/reports", "/api/v1/sections/{sectionId}/reports/{period}",
                     "/api/v1/sections/{sectionId}/reports/{period}/submit", "/api/v1/sections/{sectionId}/reports/{period}/approve",
                     "/api/v1/sections/{sectionId}/reports/{period}/return", "/api/v1/sections/{sectionId}/reports/{period}/corrections",
                     "/api/v1/reports/missing",
                 })
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} is not in the OpenAPI document.");
            var operation = item.EnumerateObject().First(p => p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("tags", out _));
            Assert.Equal("Monthly reports", operation.Value.GetProperty("tags")[0].GetString());
        }
    }
}
