using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Investment.Api.Data;
using Investment.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Tests.Features.Funding;

public sealed class FundingEndpointsTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    private const string Yiyuan = "370323";
    // Write tests register their projects in counties the seeds leave empty, so seeded region figures stay as loaded.
    private const string Yuecheng = "330602";
    private const string Keqiao = "330603";
    private const string Shangyu = "330604";

    private static IReadOnlyList<CsvReader.CsvRow> SeedFile(string name) =>
        CsvReader.ReadFile(Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory)!, "seed-data", name));

    private static decimal Number(CsvReader.CsvRow row, string column) =>
        decimal.Parse(row[column]!, NumberStyles.Number, CultureInfo.InvariantCulture);

    private async Task<long> SeededProjectIdAsync(string code)
    {
        var page = await (await api.Client.GetAsync($"/api/v1/projects?q={code}")).ReadAsync<JsonElement>();
        return page.GetProperty("items").EnumerateArray().Single(p => p.GetProperty("code").GetString() == code)
            .GetProperty("id").GetInt64();
    }

    private async Task<(long Id, long[] Sections)> CreateProjectAsync(string code, params string[] counties)
    {
        var body = new
        {
            code, name = $"测试项目{code}", mode = "trunk_highway", regionCode = counties[0],
            sections = counties.Select(c => new { regionCode = c, name = $"{c}段" }).ToArray(),
        };
        var created = await (await api.Client.PostJsonAsync("/api/v1/projects", body)).ReadAsync<JsonElement>(HttpStatusCode.Created);
        var sections = created.GetProperty("sections").EnumerateArray()
            .ToDictionary(s => s.GetProperty("regionCode").GetString()!, s => s.GetProperty("id").GetInt64());
        return (created.GetProperty("id").GetInt64(), counties.Select(c => sections[c]).ToArray());
    }

    private async Task<JsonElement> AddLineAsync(long projectId, object body) =>
        await (await api.Client.PostJsonAsync($"/api/v1/projects/{projectId}/funding", body)).ReadAsync<JsonElement>(HttpStatusCode.Created);

    private static JsonElement Group(JsonElement summary, string list, string code) =>
        summary.GetProperty(list).EnumerateArray().Single(g => g.GetProperty("code").GetString() == code);

    private static decimal? ReceivedRate(JsonElement e) =>
        e.GetProperty("receivedRate").ValueKind == JsonValueKind.Null ? null : e.GetProperty("receivedRate").GetDecimal();

    [Fact]
    public async Task ProjectFunding_SeededG341_Totals85000FromProvinceAndCity()
    {
        var id = await SeededProjectIdAsync("YY-G341");

        var result = await (await api.Client.GetAsync($"/api/v1/projects/{id}/funding")).ReadAsync<JsonElement>();

        var summary = result.GetProperty("summary");
        Assert.Equal(85000m, summary.GetProperty("total").GetProperty("committed").GetDecimal());
        Assert.Equal(0m, ReceivedRate(summary.GetProperty("total")));
        var provincial = Group(summary, "byLevel", "provincial");
        Assert.Equal(18000m, provincial.GetProperty("committed").GetDecimal());
        Assert.Equal("省级", provincial.GetProperty("label").GetString());
        var city = Group(summary, "byLevel", "city");
        Assert.Equal(67000m, city.GetProperty("committed").GetDecimal());
        Assert.Equal("市级", city.GetProperty("label").GetString());
        Assert.Equal(0m, Group(summary, "byLevel", "central").GetProperty("committed").GetDecimal());
        Assert.Null(ReceivedRate(Group(summary, "byLevel", "central")));
        Assert.Equal(85000m, Group(summary, "byKind", "budget_subsidy").GetProperty("committed").GetDecimal());
        Assert.Equal("预算补助", Group(summary, "byKind", "budget_subsidy").GetProperty("label").GetString());
        var lines = result.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => Assert.Equal(2023, l.GetProperty("year").GetInt32()));
        Assert.Contains(lines, l => l.GetProperty("levelLabel").GetString() == "市级" && l.GetProperty("note").GetString()!.Contains("6.7亿", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RegionFunding_Yiyuan2023_SumsTheSeededLinesByLevelAndKind()
    {
        var projects = SeedFile("projects.csv").Where(p => p["region_code"] == Yiyuan).Select(p => p["code"]).ToHashSet();
        var seeded = SeedFile("funding_sources.csv").Where(f => projects.Contains(f["project_code"]) && f["year"] == "2023").ToList();

        var result = await (await api.Client.GetAsync($"/api/v1/regions/{Yiyuan}/funding?year=2023")).ReadAsync<JsonElement>();

        var summary = result.GetProperty("summary");
        Assert.Equal(seeded.Sum(f => Number(f, "committed")), summary.GetProperty("total").GetProperty("committed").GetDecimal());
        Assert.Equal(seeded.Count, result.GetProperty("lineCount").GetInt32());
        Assert.Equal(seeded.Select(f => f["project_code"]).Distinct().Count(), result.GetProperty("projectCount").GetInt32());
        var cells = summary.GetProperty("cells").EnumerateArray().ToList();
        foreach (var cell in seeded.GroupBy(f => (f["level"], f["kind"])))
        {
            var found = cells.Single(c => c.GetProperty("level").GetString() == cell.Key.Item1 && c.GetProperty("kind").GetString() == cell.Key.Item2);
            Assert.Equal(cell.Sum(f => Number(f, "committed")), found.GetProperty("committed").GetDecimal());
            Assert.Equal(cell.Sum(f => Number(f, "received")), found.GetProperty("received").GetDecimal());
        }
        Assert.Equal(seeded.GroupBy(f => (f["level"], f["kind"])).Count(), cells.Count);
        var province = await (await api.Client.GetAsync("/api/v1/regions/370000/funding?year=2023")).ReadAsync<JsonElement>();
        Assert.Equal(summary.GetProperty("total").ToString(), province.GetProperty("summary").GetProperty("total").ToString());
    }

    [Fact]
    public async Task RegionFunding_UnknownRegion_Returns404()
    {
        await (await api.Client.GetAsync("/api/v1/regions/999999/funding")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task RegionFunding_SectionLinesCountInTheirCounty_AndYearFilters()
    {
        var (id, sections) = await CreateProjectAsync("F-REGION", Keqiao, Shangyu);
        await AddLineAsync(id, new { year = 2023, level = "county", kind = "self_raised", committed = 100.0001m, received = 50m });
        await AddLineAsync(id, new { sectionId = sections[1], year = 2023, level = "provincial", kind = "special_bond", committed = 200m, received = 200m });
        await AddLineAsync(id, new { sectionId = sections[1], year = 2024, level = "provincial", kind = "special_bond", committed = 7m });
        await AddLineAsync(id, new { sectionId = sections[1], level = "central", kind = "bank_loan", committed = 1m });

        var keqiao = await (await api.Client.GetAsync($"/api/v1/regions/{Keqiao}/funding?year=2023")).ReadAsync<JsonElement>();
        var shangyu = await (await api.Client.GetAsync($"/api/v1/regions/{Shangyu}/funding?year=2023")).ReadAsync<JsonElement>();
        var shangyuAllYears = await (await api.Client.GetAsync($"/api/v1/regions/{Shangyu}/funding")).ReadAsync<JsonElement>();

        Assert.Equal(100.0001m, keqiao.GetProperty("summary").GetProperty("total").GetProperty("committed").GetDecimal());
        Assert.Equal(Rates.Of(50m, 100.0001m), ReceivedRate(keqiao.GetProperty("summary").GetProperty("total")));
        var cell = Assert.Single(shangyu.GetProperty("summary").GetProperty("cells").EnumerateArray());
        Assert.Equal("省级", cell.GetProperty("levelLabel").GetString());
        Assert.Equal("专项债", cell.GetProperty("kindLabel").GetString());
        Assert.Equal(200m, cell.GetProperty("committed").GetDecimal());
        Assert.Equal(1m, ReceivedRate(cell));
        Assert.Equal(208m, shangyuAllYears.GetProperty("summary").GetProperty("total").GetProperty("committed").GetDecimal());
    }

    [Fact]
    public async Task CreateUpdateDelete_RoundTripsExactAmountsAndLabels()
    {
        var (id, sections) = await CreateProjectAsync("F-CRUD", Yuecheng);

        var response = await api.Client.PostJsonAsync($"/api/v1/projects/{id}/funding",
            new { sectionId = sections[0], year = 2023, level = "central", kind = "special_bond", committed = 1234.5678m, received = 0.0001m, note = "  车购税  " });
        var created = await response.ReadAsync<JsonElement>(HttpStatusCode.Created);
        var lineId = created.GetProperty("id").GetInt64();
        Assert.Equal($"/api/v1/funding/{lineId}", response.Headers.Location?.OriginalString);
        Assert.Equal("中央", created.GetProperty("levelLabel").GetString());
        Assert.Equal("专项债", created.GetProperty("kindLabel").GetString());
        Assert.Equal(1234.5678m, created.GetProperty("committed").GetDecimal());
        Assert.Equal(0m, ReceivedRate(created)); // 0.000000081…: below a rate's 6 decimals
        Assert.Equal("车购税", created.GetProperty("note").GetString());

        var updated = await (await api.Client.PutAsJsonAsync($"/api/v1/funding/{lineId}",
            new { level = "county", kind = "self_raised", committed = 0 }, HttpAssertions.Json)).ReadAsync<JsonElement>();
        Assert.Equal(lineId, updated.GetProperty("id").GetInt64());
        Assert.Equal("县级", updated.GetProperty("levelLabel").GetString());
        Assert.Equal("自筹", updated.GetProperty("kindLabel").GetString());
        Assert.Equal(JsonValueKind.Null, updated.GetProperty("sectionId").ValueKind);
        Assert.Equal(JsonValueKind.Null, updated.GetProperty("year").ValueKind);
        Assert.Equal(0m, updated.GetProperty("received").GetDecimal());
        Assert.Null(ReceivedRate(updated));
        var fetched = await (await api.Client.GetAsync($"/api/v1/funding/{lineId}")).ReadAsync<JsonElement>();
        Assert.Equal(updated.ToString(), fetched.ToString());

        Assert.Equal(HttpStatusCode.NoContent, (await api.Client.DeleteAsync($"/api/v1/funding/{lineId}")).StatusCode);
        await (await api.Client.GetAsync($"/api/v1/funding/{lineId}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await api.Client.DeleteAsync($"/api/v1/funding/{lineId}")).AssertProblemAsync(HttpStatusCode.NotFound);
        var project = await (await api.Client.GetAsync($"/api/v1/projects/{id}/funding")).ReadAsync<JsonElement>();
        Assert.Empty(project.GetProperty("lines").EnumerateArray());
        Assert.Equal(0m, project.GetProperty("summary").GetProperty("total").GetProperty("committed").GetDecimal());
    }

    [Fact]
    public async Task UpdateAndDelete_WithAStaleIfMatch_Return412WithTheCurrentVersion_AndChangeNothing()
    {
        var (id, _) = await CreateProjectAsync("F-ETAG", Yuecheng);
        var response = await api.Client.PostJsonAsync($"/api/v1/projects/{id}/funding", new { level = "city", kind = "budget_subsidy", committed = 100m });
        var created = await response.ReadAsync<JsonElement>(HttpStatusCode.Created);
        var lineId = created.GetProperty("id").GetInt64();
        var firstVersion = created.GetProperty("version").GetString()!;
        Assert.Equal(firstVersion, response.Headers.ETag?.ToString());

        async Task<HttpResponseMessage> SendAsync(HttpMethod method, string ifMatch, object? body = null)
        {
            using var request = new HttpRequestMessage(method, $"/api/v1/funding/{lineId}");
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            if (body is not null) request.Content = JsonContent.Create(body, options: HttpAssertions.Json);
            return await api.Client.SendAsync(request);
        }

        // Someone else's update, made from the version both read.
        var theirs = await (await SendAsync(HttpMethod.Put, firstVersion, new { level = "city", kind = "budget_subsidy", committed = 120m }))
            .ReadAsync<JsonElement>();
        var current = theirs.GetProperty("version").GetString()!;
        Assert.NotEqual(firstVersion, current);

        var stale = await (await SendAsync(HttpMethod.Put, firstVersion, new { level = "city", kind = "budget_subsidy", committed = 90m }))
            .AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(current, stale.GetProperty("currentVersion").GetString());
        await (await SendAsync(HttpMethod.Delete, firstVersion)).AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        var fetched = await api.Client.GetAsync($"/api/v1/funding/{lineId}");
        Assert.Equal(current, fetched.Headers.ETag?.ToString());
        Assert.Equal(120m, (await fetched.ReadAsync<JsonElement>()).GetProperty("committed").GetDecimal());

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Delete, current)).StatusCode);
    }

    [Fact]
    public async Task ProjectFunding_YearFilter_KeepsOnlyThatYearsLines()
    {
        var (id, _) = await CreateProjectAsync("F-YEARS", Yuecheng);
        await AddLineAsync(id, new { year = 2023, level = "city", kind = "budget_subsidy", committed = 10m, received = 4m });
        await AddLineAsync(id, new { year = 2024, level = "city", kind = "budget_subsidy", committed = 20m });
        await AddLineAsync(id, new { level = "county", kind = "bank_loan", committed = 30m, received = 30m });

        var all = await (await api.Client.GetAsync($"/api/v1/projects/{id}/funding")).ReadAsync<JsonElement>();
        var y2023 = await (await api.Client.GetAsync($"/api/v1/projects/{id}/funding?year=2023")).ReadAsync<JsonElement>();

        Assert.Equal(3, all.GetProperty("lines").GetArrayLength());
        Assert.Equal(60m, all.GetProperty("summary").GetProperty("total").GetProperty("committed").GetDecimal());
        Assert.Equal(Rates.Of(34m, 60m), ReceivedRate(all.GetProperty("summary").GetProperty("total")));
        var only = Assert.Single(y2023.GetProperty("lines").EnumerateArray());
        Assert.Equal(0.4m, ReceivedRate(only));
        Assert.Equal(10m, Group(y2023.GetProperty("summary"), "byLevel", "city").GetProperty("committed").GetDecimal());
    }

    [Theory]
    [InlineData("""{"level":"city","kind":"budget_subsidy","committed":100,"received":100.0001}""", "received")]
    [InlineData("""{"level":"city","kind":"budget_subsidy","committed":100.00001}""", "committed")]
    [InlineData("""{"level":"city","kind":"budget_subsidy","committed":100,"received":1.00001}""", "received")]
    [InlineData("""{"level":"city","kind":"budget_subsidy","committed":-1}""", "committed")]
    [InlineData("""{"level":"city","kind":"budget_subsidy","committed":100000000000000}""", "committed")]
    [InlineData("""{"level":"city","kind":"budget_subsidy","committed":1e40}""", "committed")]
    [InlineData("""{"level":"city","kind":"budget_subsidy"}""", "committed")]
    [InlineData("""{"level":"township","kind":"budget_subsidy","committed":1}""", "level")]
    [InlineData("""{"kind":"budget_subsidy","committed":1}""", "level")]
    [InlineData("""{"level":"city","kind":"lottery","committed":1}""", "kind")]
    [InlineData("""{"level":"city","kind":"budget_subsidy","committed":1,"year":1989}""", "year")]
    [InlineData("""{"level":"city","kind":"budget_subsidy","committed":1,"year":2101}""", "year")]
    [InlineData("""{"level":"city","kind":"budget_subsidy","committed":1,"projectId":5}""", "projectId")]
    public async Task Create_BadInput_Returns400NamingIt_AndStoresNothing(string json, string field)
    {
        var (id, _) = await CreateProjectAsync($"F-BAD-{Guid.NewGuid():N}"[..20], Yuecheng);

        var response = await api.Client.PostRawAsync($"/api/v1/projects/{id}/funding", json);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, field);
        await using var db = api.CreateDb();
        Assert.False(await db.FundingSources.AnyAsync(f => f.ProjectId == id));
    }

    [Fact]
    public async Task Create_NoteTooLong_Returns400()
    {
        var (id, _) = await CreateProjectAsync("F-NOTE", Yuecheng);
        var response = await api.Client.PostJsonAsync($"/api/v1/projects/{id}/funding",
            new { level = "city", kind = "other", committed = 1, note = new string('注', 1001) });
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "note");
    }

    [Fact]
    public async Task Writes_SectionOfAnotherProject_Return400AndChangeNothing()
    {
        var (id, _) = await CreateProjectAsync("F-SEC-A", Yuecheng);
        var (_, others) = await CreateProjectAsync("F-SEC-B", Yuecheng);
        var line = await AddLineAsync(id, new { level = "city", kind = "other", committed = 5m });

        await (await api.Client.PostJsonAsync($"/api/v1/projects/{id}/funding",
            new { sectionId = others[0], level = "city", kind = "other", committed = 1 })).AssertProblemAsync(HttpStatusCode.BadRequest, "sectionId");
        await (await api.Client.PutAsJsonAsync($"/api/v1/funding/{line.GetProperty("id").GetInt64()}",
            new { sectionId = others[0], level = "city", kind = "other", committed = 1 }, HttpAssertions.Json))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "sectionId");

        await using var db = api.CreateDb();
        var stored = await db.FundingSources.SingleAsync(f => f.ProjectId == id);
        Assert.Equal(5m, stored.Committed);
        Assert.Null(stored.SectionId);
    }

    [Fact]
    public async Task Update_ReceivedOverCommitted_Returns400AndKeepsTheLine()
    {
        var (id, _) = await CreateProjectAsync("F-UPD", Yuecheng);
        var line = await AddLineAsync(id, new { level = "city", kind = "other", committed = 5m, received = 1m });

        await (await api.Client.PutAsJsonAsync($"/api/v1/funding/{line.GetProperty("id").GetInt64()}",
            new { level = "city", kind = "other", committed = 5m, received = 6m }, HttpAssertions.Json))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "received");

        var fetched = await (await api.Client.GetAsync($"/api/v1/funding/{line.GetProperty("id").GetInt64()}")).ReadAsync<JsonElement>();
        Assert.Equal(1m, fetched.GetProperty("received").GetDecimal());
    }

    [Fact]
    public async Task Writes_UnknownProjectOrLine_Return404()
    {
        await (await api.Client.PostJsonAsync("/api/v1/projects/987654321/funding", new { level = "city", kind = "other", committed = 1 }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await api.Client.PutAsJsonAsync("/api/v1/funding/987654321", new { level = "city", kind = "other", committed = 1 }, HttpAssertions.Json))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await api.Client.GetAsync("/api/v1/projects/987654321/funding")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Writes_ArchivedProject_Return409AndChangeNothing()
    {
        var (id, _) = await CreateProjectAsync("F-ARCHIVED", Yuecheng);
        var line = await AddLineAsync(id, new { level = "city", kind = "other", committed = 5m });
        var lineId = line.GetProperty("id").GetInt64();
        (await api.Client.PostAsync($"/api/v1/projects/{id}/archive", null)).EnsureSuccessStatusCode();

        await (await api.Client.PostJsonAsync($"/api/v1/projects/{id}/funding", new { level = "city", kind = "other", committed = 1 }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        await (await api.Client.PutAsJsonAsync($"/api/v1/funding/{lineId}", new { level = "city", kind = "other", committed = 9 }, HttpAssertions.Json))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        await (await api.Client.DeleteAsync($"/api/v1/funding/{lineId}")).AssertProblemAsync(HttpStatusCode.Conflict);

        await using var db = api.CreateDb();
        var stored = await db.FundingSources.SingleAsync(f => f.ProjectId == id);
        Assert.Equal(5m, stored.Committed);
        // Archived projects keep their figures: reads still answer.
        var project = await (await api.Client.GetAsync($"/api/v1/projects/{id}/funding")).ReadAsync<JsonElement>();
        Assert.Equal(5m, project.GetProperty("summary").GetProperty("total").GetProperty("committed").GetDecimal());
    }

    [Fact]
    public async Task ProjectFunding_BadYear_Returns400()
    {
        var id = await SeededProjectIdAsync("YY-G341");
        await (await api.Client.GetAsync($"/api/v1/projects/{id}/funding?year=3000")).AssertProblemAsync(HttpStatusCode.BadRequest, "year");
        await (await api.Client.GetAsync($"/api/v1/regions/{Yiyuan}/funding?year=1900")).AssertProblemAsync(HttpStatusCode.BadRequest, "year");
    }
}
