using System.Net;
using System.Text.Json;
using Investment.Api.Data;
using Investment.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Tests.Features.OpenData;

/// <summary>Issue 16, part 1: the OC4IDS 0.9 project package of the seed data, checked against the standard's schema.</summary>
public sealed class Oc4idsPackageTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    private const string Zhuji = "330681";
    private const string Wenling = "331081";
    private const string Yiyuan = "370323";
    private const string Prefix = "oc4ids-xxxxxx-";

    private static readonly JsonSerializerOptions Indented =
        new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Url(string region, int year = 2023) => $"/api/v1/open-data/oc4ids?regionCode={region}&year={year}";

    private async Task<(string Json, JsonElement Package)> PackageAsync(string region, int year = 2023, HttpClient? client = null)
    {
        var response = await (client ?? api.Client).GetAsync(Url(region, year));
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {json}");
        return (json, JsonDocument.Parse(json).RootElement);
    }

    private static JsonElement Project(JsonElement package, string code) =>
        package.GetProperty("projects").EnumerateArray().Single(p => p.GetProperty("id").GetString() == Prefix + code);

    private static JsonElement Breakdown(JsonElement project, string group, string id) =>
        project.GetProperty("budget").GetProperty("budgetBreakdowns").EnumerateArray().Single(b => b.GetProperty("id").GetString() == group)
            .GetProperty("budgetBreakdown").EnumerateArray().Single(b => b.GetProperty("id").GetString() == id);

    private static JsonElement Metric(JsonElement project, string id) =>
        project.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("id").GetString() == id);

    [Theory]
    [InlineData(Zhuji, 2023)]
    [InlineData(Wenling, 2023)]
    [InlineData(Yiyuan, 2023)]
    [InlineData("330000", 2023)]
    [InlineData(Zhuji, 2022)]
    public async Task SeedPackage_ValidatesAgainstTheOc4idsSchema(string region, int year)
    {
        var (json, package) = await PackageAsync(region, year);
        var schema = await Oc4idsSchema.PackageAsync();

        var errors = schema.Validate(json);

        // Left for a reader who knows the standard (test-output/ is git-ignored).
        var folder = Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory)!, "test-output", "oc4ids");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, $"oc4ids-{region}-{year}.json"),
            JsonSerializer.Serialize(package, Indented));
        Assert.True(errors.Count == 0, string.Join("\n", Flatten(errors).Select(e => $"{e.Path}: {e.Kind}")));
        Assert.NotEmpty(package.GetProperty("projects").EnumerateArray());
        Assert.Equal("0.9", package.GetProperty("version").GetString());
    }

    /// <summary>
    /// The $ref from the package schema reaches the local project schema: the standard's own worked example, written for
    /// an earlier 0.9 release, breaks rules that only the project schema states (status "completed" is no longer in
    /// projectStatus; an empty observation value), and the validator finds them.
    /// </summary>
    [Fact]
    public async Task TheProjectSchema_IsAppliedThroughTheReference()
    {
        var schema = await Oc4idsSchema.PackageAsync();

        var errors = Flatten(schema.Validate(await File.ReadAllTextAsync(Path.Combine(Oc4idsSchema.Directory, "example.json"))))
            .Select(e => $"{e.Path}: {e.Kind}").ToList();

        Assert.Contains("#/projects[0].status: NotInEnumeration", errors);
        Assert.Contains("#/projects[0].metrics[0].observations[0].value: TooFewProperties", errors);
        Assert.DoesNotContain(errors, e => e.StartsWith("#/publisher", StringComparison.Ordinal) || e.StartsWith("#/uri", StringComparison.Ordinal));
    }

    private static IEnumerable<NJsonSchema.Validation.ValidationError> Flatten(IEnumerable<NJsonSchema.Validation.ValidationError> errors) =>
        errors.SelectMany(e => e is NJsonSchema.Validation.ChildSchemaValidationError child
            ? child.Errors.SelectMany(c => Flatten(c.Value)).Prepend(e)
            : [e]);

    [Theory]
    [InlineData(Zhuji)]
    [InlineData(Wenling)]
    public async Task EverySeededProjectOfTheRegion_IsPresent_WithBudgetMetricsAndMilestones(string region)
    {
        var (_, package) = await PackageAsync(region);
        await using var db = api.CreateDb();
        var seeded = await db.Projects.Where(p => p.Status == ProjectStatuses.Active && p.Sections.Any(s => s.RegionCode == region))
            .Select(p => new
            {
                p.Code,
                Planned = db.AnnualPlans.Any(a => a.Year == 2023 && p.Sections.Any(s => s.Id == a.SectionId && s.RegionCode == region)),
                Milestones = p.Milestones.Count,
            })
            .ToListAsync();
        var ids = package.GetProperty("projects").EnumerateArray().Select(p => p.GetProperty("id").GetString()).ToList();

        Assert.Equal(seeded.Select(p => Prefix + p.Code).Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
        var planned = seeded.Where(p => p.Planned).ToList();
        Assert.True(planned.Count >= 9, $"only {planned.Count} projects with a 2023 plan in {region}");
        foreach (var p in planned)
        {
            var project = Project(package, p.Code);
            Assert.True(project.TryGetProperty("budget", out _), $"{p.Code} has no budget");
            Assert.True(project.TryGetProperty("metrics", out var metrics) && metrics.GetArrayLength() > 0, $"{p.Code} has no metrics");
            Assert.True(project.TryGetProperty("milestones", out var milestones) && milestones.GetArrayLength() > 0, $"{p.Code} has no milestones");
        }
        foreach (var p in seeded.Where(p => p.Milestones > 0))
        {
            Assert.True(Project(package, p.Code).TryGetProperty("milestones", out _), $"{p.Code} has milestones in the registry but not in the package");
        }
    }

    [Fact]
    public async Task MappedValues_MatchTheSeedFigures_InYuan()
    {
        var (_, package) = await PackageAsync(Zhuji);
        await using var db = api.CreateDb();
        var kezhu = await db.Projects.SingleAsync(p => p.Code == "ZJ-KEZHU");
        var section = await db.Sections.SingleAsync(s => s.ProjectId == kezhu.Id);
        var plan = await db.AnnualPlans.SingleAsync(p => p.SectionId == section.Id && p.Year == 2023);
        var sinceStart = await db.MonthlyReports.Where(r => r.SectionId == section.Id && r.Status == ReportStatuses.Approved).SumAsync(r => r.MonthActual);
        var december = await db.MonthlyReports.SingleAsync(r => r.SectionId == section.Id && r.Year == 2023 && r.Month == 12 && r.Status == ReportStatuses.Approved);

        var project = Project(package, "ZJ-KEZHU");
        Assert.Equal("柯诸高速公路诸暨段", project.GetProperty("title").GetString());
        Assert.Equal("implementation", project.GetProperty("status").GetString());
        Assert.Equal(["transport", "transport.road"], project.GetProperty("sector").EnumerateArray().Select(s => s.GetString()));
        var location = project.GetProperty("locations").EnumerateArray().Single();
        Assert.Equal(Zhuji, location.GetProperty("gazetteer").GetProperty("identifiers")[0].GetString());
        Assert.Equal("GB/T 2260", location.GetProperty("gazetteer").GetProperty("scheme").GetString());

        var plan2023 = Breakdown(project, "annualPlans", "2023");
        Assert.Equal(plan.PlannedInvestment * 10_000m, plan2023.GetProperty("amount").GetProperty("amount").GetDecimal());
        Assert.Equal(2_100_000_000m, plan2023.GetProperty("amount").GetProperty("amount").GetDecimal());
        Assert.Equal("CNY", plan2023.GetProperty("amount").GetProperty("currency").GetString());
        Assert.Equal("2023-01-01T00:00:00+08:00", plan2023.GetProperty("period").GetProperty("startDate").GetString());

        var financial = Metric(project, "financialProgress").GetProperty("observations").EnumerateArray().ToList();
        Assert.Equal(24, financial.Count);
        Assert.Equal("2023-12", financial[^1].GetProperty("id").GetString());
        Assert.Equal(sinceStart * 10_000m, financial[^1].GetProperty("value").GetProperty("amount").GetDecimal());
        var physical = Metric(project, "physicalProgress").GetProperty("observations").EnumerateArray().ToList();
        Assert.Equal(december.PhysicalProgress, physical[^1].GetProperty("measure").GetDecimal());
        Assert.Equal(68.8m, physical[^1].GetProperty("measure").GetDecimal());
        Assert.Equal("P1", physical[^1].GetProperty("unit").GetProperty("id").GetString());

        var start = project.GetProperty("milestones").EnumerateArray().Single(m => m.GetProperty("id").GetString() == "start");
        Assert.Equal("commencement", start.GetProperty("code").GetString());
        Assert.Equal("met", start.GetProperty("status").GetString());
        Assert.Equal("2021-12-28T00:00:00+08:00", start.GetProperty("dateMet").GetString());
        Assert.Equal("2021-12-28T00:00:00+08:00", project.GetProperty("implementationPeriod").GetProperty("startDate").GetString());

        var authority = project.GetProperty("publicAuthority");
        Assert.Equal("诸暨市交通运输局", authority.GetProperty("name").GetString());
        Assert.Contains(project.GetProperty("parties").EnumerateArray(), p => p.GetProperty("id").GetString() == authority.GetProperty("id").GetString()
            && p.GetProperty("roles").EnumerateArray().Any(r => r.GetString() == "publicAuthority"));
        Assert.False(project.TryGetProperty("type", out _));
        Assert.Equal("诸暨市交通运输局", package.GetProperty("publisher").GetProperty("name").GetString());
    }

    [Fact]
    public async Task FundingSources_AreBudgetBreakdowns_WithAFunderParty()
    {
        var (_, package) = await PackageAsync(Yiyuan);
        await using var db = api.CreateDb();
        var line = await db.FundingSources.SingleAsync(f => f.Project!.Code == "YY-G341" && f.Level == "provincial" && f.Kind == "budget_subsidy");

        var project = Project(package, "YY-G341");
        var entry = Breakdown(project, "fundingSources", "provincial-budget_subsidy-2023");

        Assert.Equal(line.Committed * 10_000m, entry.GetProperty("amount").GetProperty("amount").GetDecimal());
        Assert.Equal(180_000_000m, entry.GetProperty("amount").GetProperty("amount").GetDecimal());
        var source = entry.GetProperty("sourceParty").GetProperty("id").GetString();
        var party = project.GetProperty("parties").EnumerateArray().Single(p => p.GetProperty("id").GetString() == source);
        Assert.Equal(["funder"], party.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("省级预算补助资金", party.GetProperty("name").GetString());
    }

    [Fact]
    public async Task EveryCode_IsFromItsCodelist()
    {
        var statuses = Oc4idsSchema.Codelist("projectStatus");
        var sectors = Oc4idsSchema.Codelist("projectSector");
        var milestoneTypes = Oc4idsSchema.Codelist("milestoneType");
        var milestoneCodes = Oc4idsSchema.Codelist("milestoneCode");
        var milestoneStatuses = Oc4idsSchema.Codelist("milestoneStatus");
        var metrics = Oc4idsSchema.Codelist("metricID");
        var roles = Oc4idsSchema.Codelist("partyRole");
        var seen = new HashSet<string>(StringComparer.Ordinal);

        foreach (var region in new[] { Zhuji, Wenling, Yiyuan })
        {
            var (_, package) = await PackageAsync(region);
            foreach (var project in package.GetProperty("projects").EnumerateArray())
            {
                var id = project.GetProperty("id").GetString();
                Assert.True(statuses.Contains(project.GetProperty("status").GetString()!), id);
                seen.Add(project.GetProperty("status").GetString()!);
                Assert.All(project.GetProperty("sector").EnumerateArray(), s => Assert.Contains(s.GetString()!, sectors));
                Assert.All(project.GetProperty("parties").EnumerateArray().SelectMany(p => p.GetProperty("roles").EnumerateArray()),
                    r => Assert.Contains(r.GetString()!, roles));
                foreach (var m in project.TryGetProperty("milestones", out var ms) ? ms.EnumerateArray() : default)
                {
                    Assert.Contains(m.GetProperty("type").GetString()!, milestoneTypes);
                    Assert.Contains(m.GetProperty("status").GetString()!, milestoneStatuses);
                    if (m.TryGetProperty("code", out var code))
                    {
                        Assert.Contains(code.GetString()!, milestoneCodes);
                    }
                }
                foreach (var m in project.TryGetProperty("metrics", out var ms2) ? ms2.EnumerateArray() : default)
                {
                    Assert.Contains(m.GetProperty("id").GetString()!, metrics);
                }
            }
        }
        // The seed data holds projects under construction, in preparation and in reserve.
        Assert.Superset(new HashSet<string> { "implementation", "preparation" }, seen);
    }

    [Fact]
    public async Task ACountysPackage_HoldsOnlyItsOwnSections_AndOtherCountiesAreUnknown()
    {
        var planner = await api.ClientForAsync(Roles.Planning, regionCodes: [Zhuji]);

        var (_, package) = await PackageAsync(Zhuji, client: planner);
        var other = await planner.GetAsync(Url(Wenling));
        var city = await planner.GetAsync(Url("330600"));

        // 诸义高速 runs through 义乌 too: 诸暨's package holds its 诸暨 section only.
        var zhuyi = Project(package, "ZJ-ZHUYI");
        Assert.Equal([Zhuji], zhuyi.GetProperty("locations").EnumerateArray()
            .Select(l => l.GetProperty("gazetteer").GetProperty("identifiers")[0].GetString()).Distinct());
        Assert.All(package.GetProperty("projects").EnumerateArray().SelectMany(p => p.GetProperty("locations").EnumerateArray()),
            l => Assert.Equal(Zhuji, l.GetProperty("gazetteer").GetProperty("identifiers")[0].GetString()));
        await other.AssertProblemAsync(HttpStatusCode.BadRequest, "regionCode");
        await city.AssertProblemAsync(HttpStatusCode.BadRequest, "regionCode");
    }

    [Fact]
    public async Task Headquarters_SeeOnlyTheirOwnProject()
    {
        await using var db = api.CreateDb();
        var section = await db.Sections.Where(s => s.Project!.Code == "ZJ-G235").Select(s => s.Id).SingleAsync();
        var headquarters = await api.ClientForAsync(Roles.Headquarters, sectionIds: [section]);

        var (_, package) = await PackageAsync(Zhuji, client: headquarters);

        Assert.Equal([Prefix + "ZJ-G235"], package.GetProperty("projects").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Download_IsAnAttachment_NamedLikeTheExports()
    {
        var response = await api.Client.GetAsync(Url(Zhuji) + "&download=true");

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal("oc4ids-330681-2023.json", disposition.FileName?.Trim('"'));
        Assert.Equal("诸暨市2023年交通建设项目OC4IDS数据.json", disposition.FileNameStar);
        Assert.Empty((await Oc4idsSchema.PackageAsync()).Validate(body));
    }

    [Fact]
    public async Task AYearWithNoProjects_IsNotFound_NotAnInvalidEmptyPackage()
    {
        // A county with no project yet (a new one under 绍兴).
        const string Empty = "330698";
        var created = await api.Client.PostJsonAsync("/api/v1/regions", new { code = Empty, name = "空县", level = "county", parentCode = "330600" });
        Assert.True(created.IsSuccessStatusCode || created.StatusCode == HttpStatusCode.Conflict, await created.Content.ReadAsStringAsync());
        var response = await api.Client.GetAsync($"/api/v1/open-data/oc4ids?regionCode={Empty}&year=2023");

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var detail = JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString()!;
        Assert.True(detail.Contains("at least one project", StringComparison.Ordinal) || detail.Contains("至少包含一个项目", StringComparison.Ordinal), detail);
    }

    [Fact]
    public async Task BadQuery_NamesEachField()
    {
        await (await api.Client.GetAsync("/api/v1/open-data/oc4ids?year=1800")).AssertProblemAsync(HttpStatusCode.BadRequest, "regionCode", "year");
        await (await api.Client.GetAsync($"/api/v1/open-data/oc4ids?regionCode={Zhuji}&year=2025")).AssertProblemAsync(HttpStatusCode.BadRequest, "year");
        await (await api.Client.GetAsync("/api/v1/open-data/oc4ids?regionCode=999999&year=2023")).AssertProblemAsync(HttpStatusCode.BadRequest, "regionCode");
    }

    [Fact]
    public async Task Publishing_OpensAStableAnonymousUrl_Audited_UntilUnpublished()
    {
        var anonymous = api.AnonymousClient();
        var published = $"/api/v1/open-data/oc4ids/published/{Wenling}/2023";
        await (await anonymous.GetAsync(published)).AssertProblemAsync(HttpStatusCode.NotFound);

        var created = await (await api.Client.PostJsonAsync("/api/v1/open-data/oc4ids/publications", new { regionCode = Wenling, year = 2023 }))
            .ReadAsync<JsonElement>(HttpStatusCode.Created);
        var again = await (await api.Client.PostJsonAsync("/api/v1/open-data/oc4ids/publications", new { regionCode = Wenling, year = 2023 }))
            .ReadAsync<JsonElement>(HttpStatusCode.OK);
        var response = await anonymous.GetAsync(published);
        var json = await response.Content.ReadAsStringAsync();

        Assert.Equal(published, created.GetProperty("url").GetString());
        Assert.Equal(ApiFixture.AdminEmail, again.GetProperty("publishedBy").GetString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty((await Oc4idsSchema.PackageAsync()).Validate(json));
        var package = JsonDocument.Parse(json).RootElement;
        Assert.EndsWith(published, package.GetProperty("uri").GetString(), StringComparison.Ordinal);
        Assert.Equal((await PackageAsync(Wenling)).Package.GetProperty("projects").GetArrayLength(), package.GetProperty("projects").GetArrayLength());
        var list = await (await api.Client.GetAsync("/api/v1/open-data/oc4ids/publications")).ReadAsync<JsonElement>();
        Assert.Contains(list.EnumerateArray(), p => p.GetProperty("regionCode").GetString() == Wenling && p.GetProperty("year").GetInt32() == 2023);

        Assert.Equal(HttpStatusCode.NoContent, (await api.Client.DeleteAsync($"/api/v1/open-data/oc4ids/publications/{Wenling}/2023")).StatusCode);
        await (await anonymous.GetAsync(published)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await api.Client.DeleteAsync($"/api/v1/open-data/oc4ids/publications/{Wenling}/2023")).AssertProblemAsync(HttpStatusCode.NotFound);
        await using var db = api.CreateDb();
        var trail = await db.AuditLog.Where(a => a.TableName == "open_data_publications" && a.RowKey == $"{Wenling}/2023")
            .OrderBy(a => a.Id).Select(a => new { a.Action, a.Actor }).ToListAsync();
        Assert.Equal(["insert", "delete"], trail.Select(t => t.Action));
        Assert.All(trail, t => Assert.Equal(ApiFixture.AdminEmail, t.Actor));
    }

    [Fact]
    public async Task Publishing_RefusesAnUnknownRegionAndAYearOutOfRange()
    {
        await (await api.Client.PostJsonAsync("/api/v1/open-data/oc4ids/publications", new { regionCode = "999999", year = 2023 }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "regionCode");
        await (await api.Client.PostJsonAsync("/api/v1/open-data/oc4ids/publications", new { regionCode = Zhuji, year = 2030 }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "year");
    }
}
