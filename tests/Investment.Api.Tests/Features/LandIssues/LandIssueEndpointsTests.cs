using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Investment.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Tests.Features.LandIssues;

/// <summary>Writes through the API. Every test creates its own project (in 柯桥, where the seed has no land issues).</summary>
public sealed class LandIssueEndpointsTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    private const string Keqiao = "330603";

    private static object Issue(
        string? reference = null, string kind = "house", string description = "K1+200民房2户未签约", string identifiedOn = "2023-12-01",
        string? dueOn = "2024-03-01", string? town = "柯桥街道", string? responsibleUnit = "柯桥街道办事处") =>
        new { reference, town, kind, description, identifiedOn, dueOn, responsibleUnit };

    private async Task<(long ProjectId, long SectionId)> NewSectionAsync(string code)
    {
        var project = await (await api.Client.PostJsonAsync("/api/v1/projects",
            new { code, name = $"征迁测试{code}", mode = "trunk_highway", regionCode = Keqiao }))
            .ReadAsync<JsonElement>(HttpStatusCode.Created);
        var section = project.GetProperty("sections").EnumerateArray().Single();
        return (project.GetProperty("id").GetInt64(), section.GetProperty("id").GetInt64());
    }

    private async Task<JsonElement> CreateAsync(long sectionId, object body) =>
        await (await api.Client.PostJsonAsync($"/api/v1/sections/{sectionId}/land-issues", body)).ReadAsync<JsonElement>(HttpStatusCode.Created);

    private async Task<JsonElement> GetAsync(string url) => await (await api.Client.GetAsync(url)).ReadAsync<JsonElement>();

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, object body, string? ifMatch)
    {
        var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body, options: HttpAssertions.Json) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return api.Client.SendAsync(request);
    }

    private async Task<int> StoredCountAsync(long sectionId)
    {
        await using var db = api.CreateDb();
        return await db.LandIssues.CountAsync(i => i.SectionId == sectionId);
    }

    [Fact]
    public async Task Create_Valid_Returns201WithLocationETagAndDerivedFields()
    {
        var (projectId, sectionId) = await NewSectionAsync("LI-CREATE");

        var response = await api.Client.PostJsonAsync($"/api/v1/sections/{sectionId}/land-issues",
            Issue(reference: " LI-001 ", town: "  ", description: "  K1+200民房2户未签约  "));
        var created = await response.ReadAsync<JsonElement>(HttpStatusCode.Created);

        var id = created.GetProperty("id").GetInt64();
        Assert.Equal($"/api/v1/land-issues/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(created.GetProperty("version").GetString(), response.Headers.ETag?.ToString());
        Assert.Equal("LI-001", created.GetProperty("reference").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("town").ValueKind);
        Assert.Equal("K1+200民房2户未签约", created.GetProperty("description").GetString());
        Assert.Equal(sectionId, created.GetProperty("sectionId").GetInt64());
        Assert.Equal(projectId, created.GetProperty("projectId").GetInt64());
        Assert.Equal("LI-CREATE", created.GetProperty("projectCode").GetString());
        Assert.Equal(Keqiao, created.GetProperty("regionCode").GetString());
        Assert.Equal("open", created.GetProperty("status").GetString());
        Assert.Equal(50, created.GetProperty("daysOpen").GetInt32()); // 2023-12-01 → 2024-01-20
        Assert.False(created.GetProperty("overdue").GetBoolean());

        var fetched = await api.Client.GetAsync($"/api/v1/land-issues/{id}");
        var body = await fetched.ReadAsync<JsonElement>();
        Assert.Equal(created.GetProperty("version").GetString(), fetched.Headers.ETag?.ToString());
        Assert.Equal("2023-12-01", body.GetProperty("identifiedOn").GetString());
        Assert.Equal("2024-03-01", body.GetProperty("dueOn").GetString());
    }

    [Fact]
    public async Task Create_DuplicateReferenceInTheSection_Returns409_ButAnotherSectionMayReuseIt()
    {
        var (_, sectionId) = await NewSectionAsync("LI-DUP");
        var (_, otherSection) = await NewSectionAsync("LI-DUP2");
        await CreateAsync(sectionId, Issue(reference: "DUP-1"));

        await (await api.Client.PostJsonAsync($"/api/v1/sections/{sectionId}/land-issues", Issue(reference: "DUP-1")))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        await CreateAsync(otherSection, Issue(reference: "DUP-1"));
        // Issues without a reference never collide.
        await CreateAsync(sectionId, Issue());
        await CreateAsync(sectionId, Issue());
        Assert.Equal(3, await StoredCountAsync(sectionId));
    }

    [Fact]
    public async Task Create_UnknownSection_Returns404()
    {
        await (await api.Client.PostJsonAsync("/api/v1/sections/987654321/land-issues", Issue()))
            .AssertProblemAsync(HttpStatusCode.NotFound);
    }

    public static TheoryData<string, string> BadBodies() => new()
    {
        { """{"kind":"mansion","description":"x","identifiedOn":"2023-12-01"}""", "kind" },
        { """{"description":"x","identifiedOn":"2023-12-01"}""", "kind" },
        { """{"kind":"house","description":"  ","identifiedOn":"2023-12-01"}""", "description" },
        { $$"""{"kind":"house","description":"{{new string('述', 2001)}}","identifiedOn":"2023-12-01"}""", "description" },
        { $$"""{"kind":"house","description":"x","town":"{{new string('镇', 101)}}","identifiedOn":"2023-12-01"}""", "town" },
        { $$"""{"kind":"house","description":"x","responsibleUnit":"{{new string('单', 201)}}","identifiedOn":"2023-12-01"}""", "responsibleUnit" },
        { $$"""{"kind":"house","description":"x","reference":"{{new string('R', 33)}}","identifiedOn":"2023-12-01"}""", "reference" },
        { """{"kind":"house","description":"x"}""", "identifiedOn" },
        { """{"kind":"house","description":"x","identifiedOn":"2024-01-21"}""", "identifiedOn" },
        { """{"kind":"house","description":"x","identifiedOn":"1989-12-31"}""", "identifiedOn" },
        { """{"kind":"house","description":"x","identifiedOn":"2023-13-01"}""", "identifiedOn" },
        { """{"kind":"house","description":"x","identifiedOn":"2023-12-01","dueOn":"2023-11-30"}""", "dueOn" },
        { """{"kind":"house","description":"x","identifiedOn":"2023-12-01","dueOn":"2101-01-01"}""", "dueOn" },
        { """{"kind":"house","description":"x","identifiedOn":"2023-12-01","resolvedOn":"2023-12-02"}""", "resolvedOn" },
        { """{"kind":"house","description":"x","identifiedOn":"2023-12-01","status":"resolved"}""", "status" },
        { """{"kind":"house","description":7,"identifiedOn":"2023-12-01"}""", "description" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Create_BadField_Returns400NamingItAndStoresNothing(string json, string field)
    {
        var (_, sectionId) = await NewSectionAsync($"LI-BAD-{Guid.NewGuid():N}"[..20]);

        await (await api.Client.PostRawAsync($"/api/v1/sections/{sectionId}/land-issues", json))
            .AssertProblemAsync(HttpStatusCode.BadRequest, field);
        Assert.Equal(0, await StoredCountAsync(sectionId));
    }

    [Fact]
    public async Task Writes_OnAnArchivedProject_Return409()
    {
        var (projectId, sectionId) = await NewSectionAsync("LI-ARCH");
        var issue = await CreateAsync(sectionId, Issue());
        var id = issue.GetProperty("id").GetInt64();
        (await api.Client.PostAsync($"/api/v1/projects/{projectId}/archive", null)).EnsureSuccessStatusCode();

        await (await api.Client.PostJsonAsync($"/api/v1/sections/{sectionId}/land-issues", Issue()))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        await (await SendAsync(HttpMethod.Put, $"/api/v1/land-issues/{id}", Issue(), issue.GetProperty("version").GetString()))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        await (await api.Client.PostJsonAsync($"/api/v1/land-issues/{id}/resolve", new { resolvedOn = "2024-01-10" }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(1, await StoredCountAsync(sectionId));
        // Reading still works: archived projects keep their figures.
        Assert.Equal("open", (await GetAsync($"/api/v1/land-issues/{id}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task UnknownIssue_Returns404ForEveryVerb()
    {
        await (await api.Client.GetAsync("/api/v1/land-issues/987654321")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await SendAsync(HttpMethod.Put, "/api/v1/land-issues/987654321", Issue(), "\"1\"")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await api.Client.PostJsonAsync("/api/v1/land-issues/987654321/resolve", new { resolvedOn = "2024-01-10" }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await api.Client.PostJsonAsync("/api/v1/land-issues/987654321/reopen", new { reason = "x" }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Update_WithCurrentVersion_ReplacesFieldsAndMovesTheVersion()
    {
        var (_, sectionId) = await NewSectionAsync("LI-PUT");
        var issue = await CreateAsync(sectionId, Issue(reference: "P-1"));
        var id = issue.GetProperty("id").GetInt64();

        var response = await SendAsync(HttpMethod.Put, $"/api/v1/land-issues/{id}",
            Issue(reference: "P-2", kind: "power_tower", description: "110kV塔基迁改", identifiedOn: "2023-11-15", dueOn: null, town: "钱清街道"),
            issue.GetProperty("version").GetString());
        var updated = await response.ReadAsync<JsonElement>();

        Assert.Equal("P-2", updated.GetProperty("reference").GetString());
        Assert.Equal("power_tower", updated.GetProperty("kind").GetString());
        Assert.Equal("钱清街道", updated.GetProperty("town").GetString());
        Assert.Equal("2023-11-15", updated.GetProperty("identifiedOn").GetString());
        Assert.Equal(JsonValueKind.Null, updated.GetProperty("dueOn").ValueKind);
        Assert.NotEqual(issue.GetProperty("version").GetString(), updated.GetProperty("version").GetString());
        Assert.Equal(updated.GetProperty("version").GetString(), response.Headers.ETag?.ToString());
    }

    [Fact]
    public async Task Update_WithoutIfMatch_Returns428AndChangesNothing()
    {
        var (_, sectionId) = await NewSectionAsync("LI-428");
        var id = (await CreateAsync(sectionId, Issue())).GetProperty("id").GetInt64();

        await (await SendAsync(HttpMethod.Put, $"/api/v1/land-issues/{id}", Issue(kind: "grave"), null))
            .AssertProblemAsync((HttpStatusCode)428);
        Assert.Equal("house", (await GetAsync($"/api/v1/land-issues/{id}")).GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Update_WithStaleVersion_Returns412WithCurrentVersion()
    {
        var (_, sectionId) = await NewSectionAsync("LI-412");
        var issue = await CreateAsync(sectionId, Issue());
        var id = issue.GetProperty("id").GetInt64();
        var stale = issue.GetProperty("version").GetString();
        var current = await (await SendAsync(HttpMethod.Put, $"/api/v1/land-issues/{id}", Issue(kind: "crops"), stale)).ReadAsync<JsonElement>();

        var problem = await (await SendAsync(HttpMethod.Put, $"/api/v1/land-issues/{id}", Issue(kind: "grave"), stale))
            .AssertProblemAsync(HttpStatusCode.PreconditionFailed);

        Assert.Equal(current.GetProperty("version").GetString(), problem.GetProperty("currentVersion").GetString());
        Assert.Equal("crops", (await GetAsync($"/api/v1/land-issues/{id}")).GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Update_TwoConcurrentWritersWithTheSameVersion_OneWinsAndTheOtherIsRefused()
    {
        var (_, sectionId) = await NewSectionAsync("LI-RACE");
        var issue = await CreateAsync(sectionId, Issue());
        var id = issue.GetProperty("id").GetInt64();
        var version = issue.GetProperty("version").GetString();

        var responses = await Task.WhenAll(
            SendAsync(HttpMethod.Put, $"/api/v1/land-issues/{id}", Issue(description: "甲的修改"), version),
            SendAsync(HttpMethod.Put, $"/api/v1/land-issues/{id}", Issue(description: "乙的修改"), version));

        var statuses = responses.Select(r => r.StatusCode).ToList();
        Assert.Single(statuses, s => s == HttpStatusCode.OK);
        Assert.Single(statuses, s => s is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict);
        var winner = await responses.Single(r => r.StatusCode == HttpStatusCode.OK).ReadAsync<JsonElement>();
        Assert.Equal(winner.GetProperty("description").GetString(),
            (await GetAsync($"/api/v1/land-issues/{id}")).GetProperty("description").GetString());
    }

    [Fact]
    public async Task Update_DuplicateReference_Returns409()
    {
        var (_, sectionId) = await NewSectionAsync("LI-PUTDUP");
        await CreateAsync(sectionId, Issue(reference: "A"));
        var b = await CreateAsync(sectionId, Issue(reference: "B"));

        await (await SendAsync(HttpMethod.Put, $"/api/v1/land-issues/{b.GetProperty("id").GetInt64()}", Issue(reference: "A"),
            b.GetProperty("version").GetString())).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Update_IdentifiedAfterItWasResolved_Returns400()
    {
        var (_, sectionId) = await NewSectionAsync("LI-PUTRES");
        var id = (await CreateAsync(sectionId, Issue(identifiedOn: "2023-12-01", dueOn: null))).GetProperty("id").GetInt64();
        var resolved = await (await api.Client.PostJsonAsync($"/api/v1/land-issues/{id}/resolve", new { resolvedOn = "2023-12-10" }))
            .ReadAsync<JsonElement>();

        await (await SendAsync(HttpMethod.Put, $"/api/v1/land-issues/{id}", Issue(identifiedOn: "2023-12-11", dueOn: null),
            resolved.GetProperty("version").GetString())).AssertProblemAsync(HttpStatusCode.BadRequest, "identifiedOn");
    }

    [Fact]
    public async Task Resolve_BeforeItWasIdentified_Returns400ResolvedOnAndStaysOpen()
    {
        var (_, sectionId) = await NewSectionAsync("LI-EARLY");
        var id = (await CreateAsync(sectionId, Issue(identifiedOn: "2023-12-01"))).GetProperty("id").GetInt64();

        await (await api.Client.PostJsonAsync($"/api/v1/land-issues/{id}/resolve", new { resolvedOn = "2023-11-30" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "resolvedOn");
        Assert.Equal("open", (await GetAsync($"/api/v1/land-issues/{id}")).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("""{"resolvedOn":"2024-01-21"}""", "resolvedOn")]
    [InlineData("""{}""", "resolvedOn")]
    [InlineData("""{"resolvedOn":"yesterday"}""", "resolvedOn")]
    [InlineData("""{"resolvedOn":"2024-01-10","by":"me"}""", "by")]
    public async Task Resolve_BadBody_Returns400NamingTheField(string json, string field)
    {
        var (_, sectionId) = await NewSectionAsync($"LI-RB-{Guid.NewGuid():N}"[..20]);
        var id = (await CreateAsync(sectionId, Issue())).GetProperty("id").GetInt64();

        await (await api.Client.PostRawAsync($"/api/v1/land-issues/{id}/resolve", json)).AssertProblemAsync(HttpStatusCode.BadRequest, field);
        Assert.Equal("open", (await GetAsync($"/api/v1/land-issues/{id}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Resolve_NoteTooLong_Returns400()
    {
        var (_, sectionId) = await NewSectionAsync("LI-NOTE");
        var id = (await CreateAsync(sectionId, Issue())).GetProperty("id").GetInt64();

        await (await api.Client.PostJsonAsync($"/api/v1/land-issues/{id}/resolve", new { resolvedOn = "2024-01-10", note = new string('注', 1001) }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "note");
    }

    [Fact]
    public async Task ResolveAndReopen_KeepTheNoteHistoryAndRefuseTheWrongState()
    {
        var (_, sectionId) = await NewSectionAsync("LI-CYCLE");
        var id = (await CreateAsync(sectionId, Issue(identifiedOn: "2023-12-01"))).GetProperty("id").GetInt64();

        await (await api.Client.PostJsonAsync($"/api/v1/land-issues/{id}/reopen", new { reason = "x" }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        var resolved = await (await api.Client.PostJsonAsync($"/api/v1/land-issues/{id}/resolve",
            new { resolvedOn = "2023-12-11", note = "补偿协议已签订" })).ReadAsync<JsonElement>();
        Assert.Equal("resolved", resolved.GetProperty("status").GetString());
        Assert.Equal("2023-12-11", resolved.GetProperty("resolvedOn").GetString());
        Assert.Equal(10, resolved.GetProperty("daysOpen").GetInt32());
        Assert.Equal("补偿协议已签订", resolved.GetProperty("resolutionNote").GetString());
        await (await api.Client.PostJsonAsync($"/api/v1/land-issues/{id}/resolve", new { resolvedOn = "2023-12-12" }))
            .AssertProblemAsync(HttpStatusCode.Conflict);

        var reopened = await (await api.Client.PostJsonAsync($"/api/v1/land-issues/{id}/reopen", new { reason = "户主反悔" }))
            .ReadAsync<JsonElement>();
        Assert.Equal("open", reopened.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, reopened.GetProperty("resolvedOn").ValueKind);
        Assert.Equal("补偿协议已签订\nreopened on 2024-01-20: 户主反悔", reopened.GetProperty("resolutionNote").GetString());

        // Resolved again, but not before the reopening: the days in between were open.
        await (await api.Client.PostJsonAsync($"/api/v1/land-issues/{id}/resolve", new { resolvedOn = "2024-01-18" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "resolvedOn");
        var again = await (await api.Client.PostJsonAsync($"/api/v1/land-issues/{id}/resolve",
            new { resolvedOn = "2024-01-20", note = "重新签约" })).ReadAsync<JsonElement>();
        Assert.Equal("补偿协议已签订\nreopened on 2024-01-20: 户主反悔\n重新签约", again.GetProperty("resolutionNote").GetString());
    }

    [Fact]
    public async Task Reopened_CountsAsResolvedOnTheDaysItWasResolved_AndOpenFromTheReopening()
    {
        var (projectId, sectionId) = await NewSectionAsync("LI-HIST");
        var id = (await CreateAsync(sectionId, Issue(identifiedOn: "2023-11-01", dueOn: "2023-12-01"))).GetProperty("id").GetInt64();
        (await api.Client.PostJsonAsync($"/api/v1/land-issues/{id}/resolve", new { resolvedOn = "2023-11-20" })).EnsureSuccessStatusCode();
        (await api.Client.PostJsonAsync($"/api/v1/land-issues/{id}/reopen", new { reason = "复核未通过" })).EnsureSuccessStatusCode();
        async Task<(int Resolved, int Open, int Overdue)> AsOfAsync(string day)
        {
            var total = (await GetAsync($"/api/v1/land-issues/stats?projectId={projectId}&asOf={day}")).GetProperty("total");
            return (total.GetProperty("resolved").GetInt32(), total.GetProperty("open").GetInt32(), total.GetProperty("overdue").GetInt32());
        }

        Assert.Equal((0, 1, 0), await AsOfAsync("2023-11-19"));
        // Resolved from 2023-11-20 until the reopening on 2024-01-20 (today), so not overdue in December either.
        Assert.Equal((1, 0, 0), await AsOfAsync("2023-11-20"));
        Assert.Equal((1, 0, 0), await AsOfAsync("2023-12-31"));
        Assert.Equal((1, 0, 0), await AsOfAsync("2024-01-19"));
        Assert.Equal((0, 1, 1), await AsOfAsync("2024-01-20"));
    }

    [Theory]
    [InlineData("""{"reason":"  "}""", "reason")]
    [InlineData("""{}""", "reason")]
    [InlineData("""{"reason":"x","resolvedOn":"2024-01-01"}""", "resolvedOn")]
    public async Task Reopen_BadBody_Returns400AndStaysResolved(string json, string field)
    {
        var (_, sectionId) = await NewSectionAsync($"LI-RO-{Guid.NewGuid():N}"[..20]);
        var id = (await CreateAsync(sectionId, Issue())).GetProperty("id").GetInt64();
        (await api.Client.PostJsonAsync($"/api/v1/land-issues/{id}/resolve", new { resolvedOn = "2024-01-10" })).EnsureSuccessStatusCode();

        await (await api.Client.PostRawAsync($"/api/v1/land-issues/{id}/reopen", json)).AssertProblemAsync(HttpStatusCode.BadRequest, field);
        Assert.Equal("resolved", (await GetAsync($"/api/v1/land-issues/{id}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Reopen_ReasonTooLong_Returns400()
    {
        var (_, sectionId) = await NewSectionAsync("LI-ROLONG");
        var id = (await CreateAsync(sectionId, Issue())).GetProperty("id").GetInt64();
        (await api.Client.PostJsonAsync($"/api/v1/land-issues/{id}/resolve", new { resolvedOn = "2024-01-10" })).EnsureSuccessStatusCode();

        await (await api.Client.PostJsonAsync($"/api/v1/land-issues/{id}/reopen", new { reason = new string('因', 1001) }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "reason");
    }

    [Fact]
    public async Task Resolve_TwoAtOnce_OneSucceedsAndTheOtherGets409()
    {
        var (_, sectionId) = await NewSectionAsync("LI-RESRACE");
        var id = (await CreateAsync(sectionId, Issue())).GetProperty("id").GetInt64();

        var responses = await Task.WhenAll(
            api.Client.PostJsonAsync($"/api/v1/land-issues/{id}/resolve", new { resolvedOn = "2024-01-10" }),
            api.Client.PostJsonAsync($"/api/v1/land-issues/{id}/resolve", new { resolvedOn = "2024-01-11" }));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
    }

    [Fact]
    public async Task RoundTrip_CreateResolveReopen_ChangesTheCountsByExactlyOne()
    {
        var (projectId, sectionId) = await NewSectionAsync("LI-ROUND");
        async Task<(JsonElement Project, JsonElement Region)> StatsAsync() =>
            ((await GetAsync($"/api/v1/land-issues/stats?projectId={projectId}")).GetProperty("total"),
             (await GetAsync($"/api/v1/land-issues/stats?groupBy=region&regionCode={Keqiao}")).GetProperty("total"));
        static (int, int, int) Counts(JsonElement t) =>
            (t.GetProperty("identified").GetInt32(), t.GetProperty("resolved").GetInt32(), t.GetProperty("open").GetInt32());
        var (project0, region0) = await StatsAsync();
        var (i0, r0, o0) = Counts(region0);
        Assert.Equal((0, 0, 0), Counts(project0));

        var id = (await CreateAsync(sectionId, Issue(identifiedOn: "2023-12-01", kind: "grave"))).GetProperty("id").GetInt64();
        var (project1, region1) = await StatsAsync();
        Assert.Equal((1, 0, 1), Counts(project1));
        Assert.Equal((i0 + 1, r0, o0 + 1), Counts(region1));
        Assert.Equal(1, project1.GetProperty("openByKind").GetProperty("grave").GetInt32());
        Assert.Equal(1, project1.GetProperty("openByAge").GetProperty("31-90").GetInt32());

        (await api.Client.PostJsonAsync($"/api/v1/land-issues/{id}/resolve", new { resolvedOn = "2024-01-05" })).EnsureSuccessStatusCode();
        var (project2, region2) = await StatsAsync();
        Assert.Equal((1, 1, 0), Counts(project2));
        Assert.Equal((i0 + 1, r0 + 1, o0), Counts(region2));
        Assert.Equal(1m, project2.GetProperty("resolutionRate").GetDecimal());
        // As it stood before the resolution, the issue was still open.
        var before = (await GetAsync($"/api/v1/land-issues/stats?projectId={projectId}&asOf=2024-01-04")).GetProperty("total");
        Assert.Equal((1, 0, 1), Counts(before));

        (await api.Client.PostJsonAsync($"/api/v1/land-issues/{id}/reopen", new { reason = "复核未通过" })).EnsureSuccessStatusCode();
        var (project3, region3) = await StatsAsync();
        Assert.Equal((1, 0, 1), Counts(project3));
        Assert.Equal((i0 + 1, r0, o0 + 1), Counts(region3));
        Assert.Equal(0m, project3.GetProperty("resolutionRate").GetDecimal());
    }

    [Fact]
    public async Task Overdue_IsOpenWithADueDateBeforeToday()
    {
        var (projectId, sectionId) = await NewSectionAsync("LI-OVERDUE");
        var late = await CreateAsync(sectionId, Issue(dueOn: "2024-01-19"));
        var dueToday = await CreateAsync(sectionId, Issue(dueOn: "2024-01-20"));
        var noDue = await CreateAsync(sectionId, Issue(identifiedOn: "2022-01-01", dueOn: null));
        var lateButResolved = await CreateAsync(sectionId, Issue(dueOn: "2023-12-15"));
        (await api.Client.PostJsonAsync($"/api/v1/land-issues/{lateButResolved.GetProperty("id").GetInt64()}/resolve",
            new { resolvedOn = "2024-01-02" })).EnsureSuccessStatusCode();

        Assert.True(late.GetProperty("overdue").GetBoolean());
        Assert.False(dueToday.GetProperty("overdue").GetBoolean());
        Assert.False(noDue.GetProperty("overdue").GetBoolean());
        var overdue = await GetAsync($"/api/v1/land-issues?projectId={projectId}&status=overdue");
        Assert.Equal([late.GetProperty("id").GetInt64()], overdue.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));

        var stats = (await GetAsync($"/api/v1/land-issues/stats?projectId={projectId}")).GetProperty("total");
        Assert.Equal(1, stats.GetProperty("overdue").GetInt32());
        Assert.Equal(3, stats.GetProperty("open").GetInt32());
        Assert.Equal(1, stats.GetProperty("openByAge").GetProperty(">365").GetInt32());
        Assert.Equal(2, stats.GetProperty("openByAge").GetProperty("31-90").GetInt32());
        // On 2023-12-20 the resolved one was open and already past its due date; the others were not yet due.
        var past = (await GetAsync($"/api/v1/land-issues/stats?projectId={projectId}&asOf=2023-12-20")).GetProperty("total");
        Assert.Equal(1, past.GetProperty("overdue").GetInt32());
        Assert.Equal(4, past.GetProperty("open").GetInt32());
    }
}
