using System.Net;
using System.Text.Json;
using Hangfire;
using Investment.Api.Data;
using Investment.Api.Features.Jobs;
using Investment.Api.Tests.Features.Jobs;
using Investment.Api.Tests.Features.Reporting;
using Investment.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Investment.Api.Tests.Features.Access;

/// <summary>Jobs run with the scope of whoever started them, and only they and administrators see them.</summary>
public sealed class JobScopeTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    private const string Zhuji = "330681";
    private const string Wenling = "331081";
    private const string Keqiao = "330603";

    private static IEnumerable<string?> Regions(JsonElement job) =>
        job.GetProperty("result").GetProperty("sections").EnumerateArray().Select(s => s.GetProperty("regionCode").GetString()).Distinct();

    [Fact]
    public async Task MissingReportsJob_ListsOnlyTheStartersSections_AndOnlyTheStarterAndAdministratorsSeeIt()
    {
        // A planned section in each county with no report for the month: both are missing, each in its own county.
        foreach (var (code, region) in new[] { ("JS-MISS-ZJ", Zhuji), ("JS-MISS-WL", Wenling) })
        {
            var (_, sectionId) = await api.NewSectionAsync(code, region);
            await api.AddPlanAsync(sectionId, 2023);
        }
        var zhuji = await api.ClientForAsync(Roles.Planning, regionCodes: [Zhuji]);
        var wenling = await api.ClientForAsync(Roles.Planning, regionCodes: [Wenling]);

        var own = await JobPolling.RunAsync(zhuji, "/api/v1/reminders/missing-reports", new { period = "2023-12" });
        var all = await JobPolling.RunAsync(api.Client, "/api/v1/reminders/missing-reports", new { period = "2023-12" });

        JobPolling.AssertSucceeded(own);
        JobPolling.AssertSucceeded(all);
        Assert.Equal([Zhuji], Regions(own));
        Assert.Contains(Wenling, Regions(all));
        var id = own.GetProperty("id").GetGuid();
        string zhujiEmail;
        await using (var db = api.CreateDb())
        {
            // Stored: the starter's user id, which ownership is checked on; answered: their e-mail as it is now.
            var starter = db.Jobs.Single(j => j.Id == id).CreatedBy;
            zhujiEmail = db.Users.Single(u => u.Id == starter).Email!;
        }
        Assert.Equal(zhujiEmail, own.GetProperty("createdBy").GetString());
        Assert.Equal(ApiFixture.AdminEmail, all.GetProperty("createdBy").GetString());
        await (await wenling.GetAsync($"/api/v1/jobs/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        var theirs = await (await wenling.GetAsync("/api/v1/jobs")).ReadAsync<JsonElement>();
        Assert.DoesNotContain(theirs.GetProperty("items").EnumerateArray(), j => j.GetProperty("id").GetGuid() == id);
        Assert.Equal(HttpStatusCode.OK, (await api.Client.GetAsync($"/api/v1/jobs/{id}")).StatusCode);
        var mine = await (await zhuji.GetAsync("/api/v1/jobs")).ReadAsync<JsonElement>();
        Assert.Equal(id, Assert.Single(mine.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task AJobWhoseStarterIsGone_FailsRatherThanRunningWithSomeoneElsesScope()
    {
        var (email, _) = await api.CreateUserAsync(Roles.Planning, regionCodes: [Zhuji]);
        await using var db = api.CreateDb();
        var userId = db.Users.Single(u => u.Email == email).Id;
        var id = Guid.CreateVersion7();
        db.Jobs.Add(new Job { Id = id, Kind = JobKinds.MissingReportsReminder, Status = JobStatuses.Queued, CreatedBy = userId,
            Parameters = JsonDocument.Parse("""{"period":"2023-12"}""") });
        await db.SaveChangesAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await api.Client.DeleteAsync($"/api/v1/users/{userId}")).StatusCode);

        // Queued the way the API queues a job, once its starter has gone.
        JobQueue.Enqueue(api.Services.GetRequiredService<IBackgroundJobClient>(),
            api.Services.GetRequiredKeyedService<QueuedJobKind>(JobKinds.MissingReportsReminder), id);
        var job = await JobPolling.WaitAsync(api.Client, $"/api/v1/jobs/{id}");

        Assert.Equal("failed", job.GetProperty("status").GetString());
        Assert.Contains("no longer exists", job.GetProperty("error").GetString(), StringComparison.Ordinal);
        // The starter is known by user id only; with the account gone there is no e-mail to name.
        Assert.Equal(JsonValueKind.Null, job.GetProperty("createdBy").ValueKind);
    }

    [Fact]
    public async Task CountyLeader_ReadsTheCitysRollupRanking_ButOnlyTheirOwnFindings()
    {
        // The seed's only county of Shaoxing is Zhuji: a second one with a planned section makes the city's table a ranking.
        var (_, keqiao) = await api.NewSectionAsync("JS-RANK-KQ", Keqiao);
        await api.AddPlanAsync(keqiao, 2023);
        JobPolling.AssertSucceeded(await JobPolling.RunAsync(api.Client, "/api/v1/rollups", new { period = "2023-12" }));
        var leader = await api.ClientForAsync(Roles.Leadership, regionCodes: [Zhuji]);

        var city = await (await leader.GetAsync("/api/v1/rollups/2023-12?regionCode=330600")).ReadAsync<JsonElement>();
        var counties = city.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("regionCode").GetString()).ToList();

        Assert.Contains(Zhuji, counties);
        Assert.Contains(Keqiao, counties);
        // Findings name sections: the city's list narrows to the leader's own county, though Keqiao has one too.
        static IEnumerable<string?> FindingRegions(JsonElement page) =>
            page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("regionCode").GetString()).Distinct();
        var everyone = await (await api.Client.GetAsync("/api/v1/rollups/2023-12/findings?regionCode=330600&pageSize=500")).ReadAsync<JsonElement>();
        Assert.Contains(Keqiao, FindingRegions(everyone));
        var theirs = await (await leader.GetAsync("/api/v1/rollups/2023-12/findings?regionCode=330600&pageSize=500")).ReadAsync<JsonElement>();
        Assert.Equal([Zhuji], FindingRegions(theirs));
        await (await leader.GetAsync("/api/v1/rollups/2023-12/findings?regionCode=331000")).AssertProblemAsync(HttpStatusCode.BadRequest, "regionCode");
        await (await leader.GetAsync($"/api/v1/rollups/2023-12?regionCode=331000")).AssertProblemAsync(HttpStatusCode.BadRequest, "regionCode");
        await (await leader.PostJsonAsync("/api/v1/rollups", new { period = "2023-12" })).AssertProblemAsync(HttpStatusCode.Forbidden);
    }
}
