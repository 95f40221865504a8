using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Investment.Api.Tests.Excel;
using Investment.Api.Tests.Features.Jobs;
using Investment.Api.Tests.Infrastructure;
using static Investment.Api.Tests.Features.Rollups.RollupDataTests;

namespace Investment.Api.Tests.Features.Regions;

/// <summary>
/// The administrator's region registry through HTTP: add, rename, retire with a successor, and what a retirement does to
/// figures, roll-ups, rankings and who sees what. Each test owns a province of its own in an empty database.
/// </summary>
public sealed class RegionManagementTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private Task<HttpResponseMessage> CreateAsync(string code, string name, string level, string? parentCode, HttpClient? client = null) =>
        (client ?? api.Client).PostJsonAsync("/api/v1/regions", new { code, name, level, parentCode });

    /// <summary>A province <paramref name="prefix"/>0000, its city <paramref name="prefix"/>0100 and counties …0101, …0102, ….</summary>
    private async Task NewCityAsync(string prefix, int counties)
    {
        await (await CreateAsync($"{prefix}0000", $"省{prefix}", "province", null)).ReadAsync<JsonElement>(HttpStatusCode.Created);
        await (await CreateAsync($"{prefix}0100", $"市{prefix}", "city", $"{prefix}0000")).ReadAsync<JsonElement>(HttpStatusCode.Created);
        for (var i = 1; i <= counties; i++)
        {
            await (await CreateAsync($"{prefix}01{i:D2}", $"县{prefix}{i}", "county", $"{prefix}0100")).ReadAsync<JsonElement>(HttpStatusCode.Created);
        }
    }

    private Task<HttpResponseMessage> RetireAsync(string code, string successorCode, string period, HttpClient? client = null) =>
        (client ?? api.Client).PostJsonAsync($"/api/v1/regions/{code}/retirement", new { successorCode, period });

    private async Task<List<JsonElement>> AuditAsync(string code)
    {
        var page = await (await api.Client.GetAsync($"/api/v1/audit?table=regions&rowKey={code}")).ReadAsync<JsonElement>();
        return page.GetProperty("items").EnumerateArray().ToList();
    }

    [Fact]
    public async Task Create_AddsRegionsToTheTree_WithAnETag_Audited()
    {
        await NewCityAsync("11", counties: 1);

        var tree = await (await api.Client.GetAsync("/api/v1/regions")).ReadAsync<JsonElement>();
        var province = tree.EnumerateArray().Single(r => r.GetProperty("code").GetString() == "110000");
        var city = Assert.Single(province.GetProperty("children").EnumerateArray());
        var county = Assert.Single(city.GetProperty("children").EnumerateArray());
        Assert.Equal(("110101", "县111", "county", "110100"), (county.GetProperty("code").GetString(), county.GetProperty("name").GetString(),
            county.GetProperty("level").GetString(), county.GetProperty("parentCode").GetString()));
        Assert.Equal(JsonValueKind.Null, county.GetProperty("retiredFrom").ValueKind);

        var read = await api.Client.GetAsync("/api/v1/regions/110101");
        await read.ReadAsync<JsonElement>();
        Assert.NotNull(read.Headers.ETag);

        var insert = Assert.Single(await AuditAsync("110101"));
        Assert.Equal("insert", insert.GetProperty("action").GetString());
        Assert.Equal(ApiFixture.AdminEmail, insert.GetProperty("actor").GetString());
        Assert.Equal("县111", insert.GetProperty("after").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Create_Invalid_NamesTheField()
    {
        await NewCityAsync("12", counties: 0);

        await (await CreateAsync("12010", "短", "county", "120100")).AssertProblemAsync(HttpStatusCode.BadRequest, "code");
        // A code shaped like a city's (ends in 00) is not a county's.
        await (await CreateAsync("120200", "形", "county", "120100")).AssertProblemAsync(HttpStatusCode.BadRequest, "code");
        await (await CreateAsync("120101", "级", "town", "120100")).AssertProblemAsync(HttpStatusCode.BadRequest, "level");
        await (await CreateAsync("120101", " ", "county", "120100")).AssertProblemAsync(HttpStatusCode.BadRequest, "name");
        await (await CreateAsync("129901", "无", "county", "129900")).AssertProblemAsync(HttpStatusCode.BadRequest, "parentCode");
        await (await CreateAsync("120101", "缺", "county", null)).AssertProblemAsync(HttpStatusCode.BadRequest, "parentCode");
        // A county's parent is a city, not a province.
        await (await CreateAsync("120101", "越", "county", "120000")).AssertProblemAsync(HttpStatusCode.BadRequest, "parentCode");
        await (await CreateAsync("120000", "省", "province", "110000")).AssertProblemAsync(HttpStatusCode.BadRequest, "parentCode");
        // GB/T 2260 codes nest: a county of 120100 starts 1201.
        await (await CreateAsync("190101", "外", "county", "120100")).AssertProblemAsync(HttpStatusCode.BadRequest, "code");
        await (await CreateAsync("120100", "重", "city", "120000")).AssertProblemAsync(HttpStatusCode.Conflict);

        using var chinese = new HttpRequestMessage(HttpMethod.Post, "/api/v1/regions")
        {
            Content = JsonContent.Create(new { code = "129901", name = "无", level = "county", parentCode = "129900" }),
        };
        chinese.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var problem = await (await api.Client.SendAsync(chinese)).AssertProblemAsync(HttpStatusCode.BadRequest, "parentCode");
        Assert.Contains("行政区划代码", problem.GetProperty("errors").GetProperty("parentCode")[0].GetString(), StringComparison.Ordinal);
        Assert.Empty(await JobPolling.QueryAsync(api.ConnectionString, "select code from regions where code in ('120101', '120200', '129901', '190101')"));
    }

    [Fact]
    public async Task Rename_KeepsTheCode_RefusesAStaleVersion_Audited()
    {
        await NewCityAsync("13", counties: 1);
        var etag = (await api.Client.GetAsync("/api/v1/regions/130101")).Headers.ETag!.Tag;

        using var rename = new HttpRequestMessage(HttpMethod.Put, "/api/v1/regions/130101") { Content = JsonContent.Create(new { name = "新区" }) };
        rename.Headers.TryAddWithoutValidation("If-Match", etag);
        var renamed = await api.Client.SendAsync(rename);
        var body = await renamed.ReadAsync<JsonElement>();
        Assert.Equal(("130101", "新区"), (body.GetProperty("code").GetString(), body.GetProperty("name").GetString()));
        Assert.NotEqual(etag, renamed.Headers.ETag!.Tag);

        using var stale = new HttpRequestMessage(HttpMethod.Put, "/api/v1/regions/130101") { Content = JsonContent.Create(new { name = "旧区" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        await (await api.Client.SendAsync(stale)).AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        // The code is the region's identity: a field the endpoint does not take is refused.
        await (await api.Client.PutAsJsonAsync("/api/v1/regions/130101", new { name = "新区", code = "130102" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await api.Client.PutAsJsonAsync("/api/v1/regions/139999", new { name = "无" })).AssertProblemAsync(HttpStatusCode.NotFound);

        var region = await (await api.Client.GetAsync("/api/v1/regions/130101")).ReadAsync<JsonElement>();
        Assert.Equal("新区", region.GetProperty("name").GetString());
        var update = Assert.Single(await AuditAsync("130101"), e => e.GetProperty("action").GetString() == "update");
        Assert.Equal(("县131", "新区"), (update.GetProperty("before").GetProperty("name").GetString(), update.GetProperty("after").GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Retire_Invalid_NamesTheFieldOrConflicts()
    {
        await NewCityAsync("14", counties: 3);

        await (await RetireAsync("140101", "140100", "2023-06")).AssertProblemAsync(HttpStatusCode.BadRequest, "successorCode");
        await (await RetireAsync("140101", "140101", "2023-06")).AssertProblemAsync(HttpStatusCode.BadRequest, "successorCode");
        await (await RetireAsync("140101", "149999", "2023-06")).AssertProblemAsync(HttpStatusCode.BadRequest, "successorCode");
        await (await RetireAsync("140101", "1401", "2023-06")).AssertProblemAsync(HttpStatusCode.BadRequest, "successorCode");
        await (await RetireAsync("140101", "140102", "2023-6")).AssertProblemAsync(HttpStatusCode.BadRequest, "period");
        await (await RetireAsync("140101", "140102", "1989-12")).AssertProblemAsync(HttpStatusCode.BadRequest, "period");
        // The tests' clock stands in 2024-01.
        await (await RetireAsync("140101", "140102", "2024-02")).AssertProblemAsync(HttpStatusCode.BadRequest, "period");
        await (await RetireAsync("149901", "140102", "2023-06")).AssertProblemAsync(HttpStatusCode.NotFound);
        // A city with active counties keeps them: they are retired first.
        await (await CreateAsync("140200", "市二", "city", "140000")).ReadAsync<JsonElement>(HttpStatusCode.Created);
        await (await RetireAsync("140100", "140200", "2023-06")).AssertProblemAsync(HttpStatusCode.Conflict);

        await (await RetireAsync("140101", "140102", "2023-06")).ReadAsync<JsonElement>();
        await (await RetireAsync("140101", "140103", "2023-07")).AssertProblemAsync(HttpStatusCode.Conflict);
        // A retired region succeeds nobody, and nothing new goes under it.
        await (await RetireAsync("140103", "140101", "2023-07")).AssertProblemAsync(HttpStatusCode.BadRequest, "successorCode");
        // 140102 holds 140101's sections from 2023-06: it can be retired from then on, not before.
        await (await RetireAsync("140102", "140103", "2023-05")).AssertProblemAsync(HttpStatusCode.BadRequest, "period");
        Assert.Equal(["140101"], await JobPolling.QueryAsync(api.ConnectionString, "select code from regions where code like '14%' and retired_from is not null"));
    }

    [Fact]
    public async Task Writes_AreTheAdministratorsOnly()
    {
        await NewCityAsync("15", counties: 2);
        var planner = await api.ClientForAsync("planning", regionCodes: ["150101"]);

        await (await CreateAsync("150103", "县", "county", "150100", planner)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await planner.PutAsJsonAsync("/api/v1/regions/150101", new { name = "改" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await RetireAsync("150101", "150102", "2023-06", planner)).AssertProblemAsync(HttpStatusCode.Forbidden);
        // Outside the planner's scope the region reads as unknown.
        await (await RetireAsync("150102", "150101", "2023-06", planner)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await JobPolling.QueryAsync(api.ConnectionString,
            "select code from regions where code like '15%' and (retired_from is not null or name = '改' or code = '150103')"));
    }

    /// <summary>
    /// County A (160101) becomes part of B (160102) from 2024-01; C (160103) is a neighbour. Each has one section:
    /// A 100 in 2023-01 and 50 in 2024-01, B 200 and 100, C 100 and 120.
    /// </summary>
    [Fact]
    public async Task Retire_FromAPeriod_FoldsTheRetiredSectionsIntoTheSuccessor_AndLeavesTheRanking()
    {
        await NewCityAsync("16", counties: 3);
        await JobPolling.ExecuteAsync(api.ConnectionString,
            Project("SUC-A", "160101", "expressway", 2024, "1000") + Reports("SUC-A", 2023, 100) + Reports("SUC-A", 2024, 50)
            + Project("SUC-B", "160102", "expressway", 2024, "1000") + Reports("SUC-B", 2023, 200) + Reports("SUC-B", 2024, 100)
            + Project("SUC-C", "160103", "expressway", 2024, "1000") + Reports("SUC-C", 2023, 100) + Reports("SUC-C", 2024, 120));
        foreach (var period in new[] { "2023-01", "2024-01" })
        {
            JobPolling.AssertSucceeded(await JobPolling.RunAsync(api.Client, "/api/v1/rollups", new { period }));
        }

        var retired = await (await RetireAsync("160101", "160102", "2024-01")).ReadAsync<JsonElement>();
        Assert.Equal(("2024-01", "160102"), (retired.GetProperty("region").GetProperty("retiredFrom").GetString(),
            retired.GetProperty("region").GetProperty("successorCode").GetString()));
        // The roll-up already run for 2024-01 is queued again; 2023-01 is before the change and stays.
        var rerun = Assert.Single(retired.GetProperty("rollups").EnumerateArray());
        Assert.Equal("2024-01", rerun.GetProperty("period").GetString());
        JobPolling.AssertSucceeded(await JobPolling.WaitAsync(api.Client, $"/api/v1/jobs/{rerun.GetProperty("jobId").GetGuid()}"));

        // 2024: B holds A's section for this year and last, so YoY compares 150 with 300; A is out of the ranking.
        var ranking = await (await api.Client.GetAsync("/api/v1/rollups/2024-01?regionCode=160100")).ReadAsync<JsonElement>();
        var items = ranking.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("regionCode").GetString()!);
        Assert.Equal(["160102", "160103"], items.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((150m, 300m, -0.5m, 2), (items["160102"].GetProperty("ytdActual").GetDecimal(), items["160102"].GetProperty("previousYtd").GetDecimal(),
            items["160102"].GetProperty("yoyGrowth").GetDecimal(), items["160102"].GetProperty("sectionCount").GetInt32()));
        Assert.Equal([1, 2], new[] { "160102", "160103" }.Select(c => items[c].GetProperty("rankByYtd").GetInt32()));
        Assert.Equal(270m, ranking.GetProperty("region").GetProperty("ytdActual").GetDecimal());
        // 2023, before the change, still ranks all three.
        var before = await (await api.Client.GetAsync("/api/v1/rollups/2023-01?regionCode=160100")).ReadAsync<JsonElement>();
        Assert.Equal(100m, before.GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("regionCode").GetString() == "160101").GetProperty("ytdActual").GetDecimal());
        Assert.Equal(3, before.GetProperty("items").GetArrayLength());

        // The live figures follow the same rule.
        async Task<JsonElement> FiguresAsync(HttpClient client, string code, string period) =>
            await (await client.GetAsync($"/api/v1/regions/{code}/figures?period={period}")).ReadAsync<JsonElement>();
        var b2024 = await FiguresAsync(api.Client, "160102", "2024-01");
        Assert.Equal((150m, 300m, 2), (b2024.GetProperty("figures").GetProperty("ytdActual").GetDecimal(),
            b2024.GetProperty("figures").GetProperty("previousYearYtd").GetDecimal(), b2024.GetProperty("sectionCount").GetInt32()));
        Assert.Equal(200m, (await FiguresAsync(api.Client, "160102", "2023-01")).GetProperty("figures").GetProperty("ytdActual").GetDecimal());
        Assert.Equal(0, (await FiguresAsync(api.Client, "160101", "2024-01")).GetProperty("sectionCount").GetInt32());
        Assert.Equal(270m, (await FiguresAsync(api.Client, "160100", "2024-01")).GetProperty("figures").GetProperty("ytdActual").GetDecimal());
        var series = await (await api.Client.GetAsync("/api/v1/regions/160102/series?year=2024")).ReadAsync<JsonElement>();
        Assert.Equal(300m, series.GetProperty("months")[0].GetProperty("previousYtd").GetDecimal());

        // So does the detail export: B's sheet of 2024-01 lists A's section too.
        var detail = XlsxReadBack.Of(await (await api.Client.GetAsync("/api/v1/exports/project-detail?regionCode=160102&period=2024-01"))
            .EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync());
        Assert.Equal(["SUC-A", "SUC-B"], detail.Values(5).Select(r => r[1]).Order(StringComparer.Ordinal));

        // The successor's users see A's section folded in, and A's history; A's users keep reading A's history only.
        var bLeader = await api.ClientForAsync("leadership", regionCodes: ["160102"]);
        Assert.Equal(150m, (await FiguresAsync(bLeader, "160102", "2024-01")).GetProperty("figures").GetProperty("ytdActual").GetDecimal());
        Assert.Equal(100m, (await FiguresAsync(bLeader, "160101", "2023-01")).GetProperty("figures").GetProperty("ytdActual").GetDecimal());
        var aLeader = await api.ClientForAsync("leadership", regionCodes: ["160101"]);
        Assert.Equal(100m, (await FiguresAsync(aLeader, "160101", "2023-01")).GetProperty("figures").GetProperty("ytdActual").GetDecimal());
        await (await aLeader.GetAsync("/api/v1/regions/160102/figures?period=2024-01")).AssertProblemAsync(HttpStatusCode.NotFound);

        // Listed as retired; no new work goes there.
        var a = await (await api.Client.GetAsync("/api/v1/regions/160101")).ReadAsync<JsonElement>();
        Assert.Equal(("2024-01", "160102"), (a.GetProperty("retiredFrom").GetString(), a.GetProperty("successorCode").GetString()));
        await (await api.Client.PostJsonAsync("/api/v1/projects", new { code = "SUC-NEW", name = "新", mode = "expressway", regionCode = "160101" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "regionCode");
        await (await CreateAsync("160104", "县", "county", "160100")).ReadAsync<JsonElement>(HttpStatusCode.Created);
        await (await api.Client.PostJsonAsync("/api/v1/projects", new
            {
                code = "SUC-NEW", name = "新", mode = "expressway", regionCode = "160104",
                sections = new[] { new { regionCode = "160101", name = "段" } },
            }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "sections[0].regionCode");

        var retirement = Assert.Single(await AuditAsync("160101"), e => e.GetProperty("action").GetString() == "update");
        Assert.Equal(ApiFixture.AdminEmail, retirement.GetProperty("actor").GetString());
        Assert.Equal(JsonValueKind.Null, retirement.GetProperty("before").GetProperty("successor_code").ValueKind);
        Assert.Equal(("160102", "2024-01-01"), (retirement.GetProperty("after").GetProperty("successor_code").GetString(),
            retirement.GetProperty("after").GetProperty("retired_from").GetString()));
    }
}
