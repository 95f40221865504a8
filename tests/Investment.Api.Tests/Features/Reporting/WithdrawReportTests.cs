using System.Net;
using System.Text.Json;
using Investment.Api.Tests.Infrastructure;

namespace Investment.Api.Tests.Features.Reporting;

/// <summary>DELETE …/reports/{period}: withdrawing the open revision while the headquarters may still change it.</summary>
public sealed class WithdrawReportTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    private Task<HttpResponseMessage> DeleteAsync(long sectionId, string period, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, ReportingArrange.Url(sectionId, period));
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return api.Client.SendAsync(request);
    }

    [Fact]
    public async Task Delete_Draft_RemovesIt_TheMonthIsMissingAgain_AndTheDeleteIsAudited()
    {
        var (_, sectionId) = await api.NewSectionAsync("RW-DRAFT");
        var created = await api.PutReportAsync(sectionId, "2023-12", new { monthActual = 10m });
        await created.ReadAsync<JsonElement>(HttpStatusCode.Created);
        var reportId = Assert.Single(await api.StoredAsync(sectionId, "2023-12")).Id;

        var deleted = await DeleteAsync(sectionId, "2023-12", ReportingArrange.ETag(created));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(await api.StoredAsync(sectionId, "2023-12"));
        var month = await api.GetReportAsync(sectionId, "2023-12");
        Assert.Equal(JsonValueKind.Null, month.GetProperty("open").ValueKind);
        Assert.Empty(month.GetProperty("history").EnumerateArray());
        var missing = await (await api.Client.GetAsync($"/api/v1/reports/missing?period=2023-12&projectId={month.GetProperty("projectId").GetInt64()}"))
            .ReadAsync<JsonElement>();
        Assert.Equal("missing", Assert.Single(missing.GetProperty("items").EnumerateArray()).GetProperty("state").GetString());

        var audit = await (await api.Client.GetAsync($"/api/v1/audit?table=monthly_reports&rowKey={reportId}")).ReadAsync<JsonElement>();
        var entries = audit.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["delete", "insert"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(ApiFixture.AdminEmail, entries[0].GetProperty("actor").GetString());

        // The month can be entered afresh.
        await (await api.PutReportAsync(sectionId, "2023-12", new { monthActual = 11m })).ReadAsync<JsonElement>(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Delete_WithoutOrWithAStaleIfMatch_Is428Or412_AndDeletesNothing()
    {
        var (_, sectionId) = await api.NewSectionAsync("RW-IFMATCH");
        var created = await api.PutReportAsync(sectionId, "2023-11", new { monthActual = 10m });
        await created.ReadAsync<JsonElement>(HttpStatusCode.Created);
        var stale = ReportingArrange.ETag(created);
        var updated = await api.PutReportAsync(sectionId, "2023-11", new { monthActual = 12m }, stale);
        await updated.ReadAsync<JsonElement>();

        var required = await (await DeleteAsync(sectionId, "2023-11", null)).AssertProblemAsync(HttpStatusCode.PreconditionRequired);
        Assert.Equal(ReportingArrange.ETag(updated), required.GetProperty("currentVersion").GetString());
        var failed = await (await DeleteAsync(sectionId, "2023-11", stale)).AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(ReportingArrange.ETag(updated), failed.GetProperty("currentVersion").GetString());
        Assert.Equal(12m, Assert.Single(await api.StoredAsync(sectionId, "2023-11")).MonthActual);
    }

    [Fact]
    public async Task Delete_SubmittedOrApprovedIs409_ReturnedCanBeWithdrawn_NothingIs404()
    {
        var (_, sectionId) = await api.NewSectionAsync("RW-STATES");
        await api.PutReportAsync(sectionId, "2023-10", new { monthActual = 10m });
        var submitted = await api.StepAsync(sectionId, "2023-10", "submit");
        await submitted.ReadAsync<JsonElement>();

        var conflict = await (await DeleteAsync(sectionId, "2023-10", ReportingArrange.ETag(submitted))).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("submitted", conflict.GetProperty("currentStatus").GetString());
        Assert.Single(await api.StoredAsync(sectionId, "2023-10"));

        var returned = await api.StepAsync(sectionId, "2023-10", "return", new { reason = "金额有误" });
        await returned.ReadAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.NoContent, (await DeleteAsync(sectionId, "2023-10", ReportingArrange.ETag(returned))).StatusCode);
        Assert.Empty(await api.StoredAsync(sectionId, "2023-10"));

        var approved = await api.ApprovedMonthAsync(sectionId, "2023-09", 5m);
        var locked = await (await DeleteAsync(sectionId, "2023-09", approved)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("approved", locked.GetProperty("currentStatus").GetString());
        Assert.Equal("approved", Assert.Single(await api.StoredAsync(sectionId, "2023-09")).Status);

        await (await DeleteAsync(sectionId, "2023-08", "\"1\"")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await DeleteAsync(sectionId, "2024-05", "\"1\"")).AssertProblemAsync(HttpStatusCode.BadRequest, "period");
    }

    [Fact]
    public async Task Delete_CorrectionDraft_LeavesTheApprovedRevisionCurrent()
    {
        var (_, sectionId) = await api.NewSectionAsync("RW-CORR");
        var approvedETag = await api.ApprovedMonthAsync(sectionId, "2023-07", 100m, progress: 10m);
        var correction = await api.StepAsync(sectionId, "2023-07", "corrections", new { monthActual = 80m, reason = "核减重复计量" });
        await correction.ReadAsync<JsonElement>(HttpStatusCode.Created);

        Assert.Equal(HttpStatusCode.NoContent, (await DeleteAsync(sectionId, "2023-07", ReportingArrange.ETag(correction))).StatusCode);

        var response = await api.Client.GetAsync(ReportingArrange.Url(sectionId, "2023-07"));
        var month = await response.ReadAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, month.GetProperty("open").ValueKind);
        Assert.Equal(100m, month.GetProperty("approved").GetProperty("monthActual").GetDecimal());
        Assert.Equal(approvedETag, ReportingArrange.ETag(response));
        Assert.Equal(["approved"], (await api.StoredAsync(sectionId, "2023-07")).Select(r => r.Status));
        // A new correction can be opened again, as revision 2.
        var again = await api.StepAsync(sectionId, "2023-07", "corrections", new { monthActual = 90m, reason = "再次核对" });
        Assert.Equal(2, (await again.ReadAsync<JsonElement>(HttpStatusCode.Created)).GetProperty("open").GetProperty("revision").GetInt32());
    }

    [Fact]
    public async Task Delete_ByTheSectionsHeadquarters_IsAllowed_AndOtherHeadquartersSeeNothing()
    {
        var (projectId, sectionId) = await api.NewSectionAsync("RW-HQ");
        var created = await api.PutReportAsync(sectionId, "2023-12", new { monthActual = 3m });
        await created.ReadAsync<JsonElement>(HttpStatusCode.Created);
        var other = await api.ClientForAsync(Investment.Api.Data.Roles.Headquarters, projectIds: [(await api.NewSectionAsync("RW-HQ-OTHER")).ProjectId]);
        var own = await api.ClientForAsync(Investment.Api.Data.Roles.Headquarters, projectIds: [projectId]);

        Assert.Equal(HttpStatusCode.NotFound, (await Send(other)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Send(own)).StatusCode);
        Assert.Empty(await api.StoredAsync(sectionId, "2023-12"));

        Task<HttpResponseMessage> Send(HttpClient client)
        {
            var request = new HttpRequestMessage(HttpMethod.Delete, ReportingArrange.Url(sectionId, "2023-12"));
            request.Headers.TryAddWithoutValidation("If-Match", ReportingArrange.ETag(created));
            return client.SendAsync(request);
        }
    }
}
