using System.Net;
using System.Text.Json;
using Investment.Api.Tests.Infrastructure;

namespace Investment.Api.Tests.Features.Jobs;

public sealed class JobEndpointsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task GetJob_Unknown_Returns404Problem()
    {
        await (await api.Client.GetAsync($"/api/v1/jobs/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ListJobs_UnknownKindStatusAndLimit_Returns400NamingEachField()
    {
        var response = await api.Client.GetAsync("/api/v1/jobs?kind=cleanup&status=done&limit=0");
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "kind", "status", "limit");
    }

    [Fact]
    public async Task QueuedJob_RunsToSucceeded_AndIsListedUnderItsKindOnly()
    {
        var job = await JobPolling.RunAsync(api.Client, "/api/v1/reminders/missing-reports", new { period = "2023-12" });

        JobPolling.AssertSucceeded(job);
        Assert.Equal("missing_reports_reminder", job.GetProperty("kind").GetString());
        Assert.Equal(1m, job.GetProperty("progress").GetDecimal());
        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
        Assert.Equal("2023-12", job.GetProperty("parameters").GetProperty("period").GetString());
        Assert.Equal(JsonValueKind.String, job.GetProperty("finishedAt").ValueKind);
        Assert.Equal(0, job.GetProperty("result").GetProperty("expectedSections").GetInt32());

        var id = job.GetProperty("id").GetGuid();
        var reminders = await (await api.Client.GetAsync("/api/v1/jobs?kind=missing_reports_reminder&status=succeeded")).ReadAsync<JsonElement>();
        Assert.Contains(reminders.GetProperty("items").EnumerateArray(), j => j.GetProperty("id").GetGuid() == id);
        var rollups = await (await api.Client.GetAsync("/api/v1/jobs?kind=rollup")).ReadAsync<JsonElement>();
        Assert.DoesNotContain(rollups.GetProperty("items").EnumerateArray(), j => j.GetProperty("id").GetGuid() == id);
    }
}
