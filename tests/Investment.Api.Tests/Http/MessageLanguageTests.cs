using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Investment.Api.Tests.Features.Imports;
using Investment.Api.Tests.Infrastructure;

namespace Investment.Api.Tests.Http;

/// <summary>
/// Every problem the API writes answers in Simplified Chinese when the request says Accept-Language: zh-CN (the web
/// app always does) and in English otherwise: a broad set of bad requests, each sent both ways. In Chinese the title,
/// the detail and every field error hold Chinese; in English none does (bar the unit words 万元 and 亿元). The
/// <c>type</c> and the <c>errors</c> keys are the same in both. MessageSourceTests keeps new messages from skipping
/// the bilingual text in the first place.
/// </summary>
public sealed partial class MessageLanguageTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    private const string Zhuji = "330681";

    private sealed record BadRequest(string Name, HttpStatusCode Status, Func<string?, Task<HttpResponseMessage>> Send);

    [Fact]
    public async Task EveryProblem_IsChineseWithZhCn_AndEnglishWithout_KeepingTypeAndErrorKeys()
    {
        var requests = await BadRequestsAsync();
        var failures = new List<string>();
        foreach (var request in requests)
        {
            var chinese = await ProblemAsync(request, "zh-CN", failures);
            var english = await ProblemAsync(request, null, failures);
            if (chinese is null || english is null)
            {
                continue;
            }
            foreach (var (what, text) in Texts(chinese.Value))
            {
                if (!HasChinese(text))
                {
                    failures.Add($"{request.Name}: zh-CN {what} has no Chinese: {text}");
                }
            }
            foreach (var (what, text) in Texts(english.Value))
            {
                if (HasChinese(Units().Replace(text, "")))
                {
                    failures.Add($"{request.Name}: English {what} holds Chinese: {text}");
                }
            }
            Assert.True(Str(chinese.Value, "type") == Str(english.Value, "type"), $"{request.Name}: type differs");
            Assert.True(Keys(chinese.Value).SequenceEqual(Keys(english.Value)),
                $"{request.Name}: errors keys differ: {string.Join(", ", Keys(chinese.Value))} / {string.Join(", ", Keys(english.Value))}");
            Assert.All(Keys(chinese.Value), key => Assert.DoesNotMatch(ChineseText(), key));
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(requests.Count >= 30, $"Only {requests.Count} requests were tried.");
    }

    [Theory]
    [InlineData("zh-CN", true)]
    [InlineData("zh", true)]
    [InlineData("zh-Hans", true)]
    [InlineData("zh-Hans-CN,zh;q=0.9,en;q=0.8", true)]
    [InlineData("en-US,en;q=0.9,zh-CN;q=0.8", false)]
    [InlineData("fr-FR", false)]
    [InlineData("en", false)]
    public async Task AcceptLanguage_PicksChineseForEveryChineseTag_EnglishOtherwise(string acceptLanguage, bool chinese)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/projects/987654321");
        request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        var problem = await (await api.Client.SendAsync(request)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(chinese, HasChinese(Str(problem, "detail")));
        Assert.Equal(chinese ? "项目987654321不存在，或不在您的权限范围内。" : "Project 987654321 does not exist.", Str(problem, "detail"));
    }

    [Fact]
    public async Task FluentValidationDefaults_FollowTheRequest_AndOurOwnMessagesReadAsWritten()
    {
        var (_, sectionId) = await NewProjectAsync("MSG-FV");
        var body = new { monthActual = 1.123456m, physicalProgress = 120m };
        var zh = await SendAsync(HttpMethod.Put, $"/api/v1/sections/{sectionId}/reports/2023-07", "zh-CN", body);
        var problem = await zh.AssertProblemAsync(HttpStatusCode.BadRequest, "monthActual", "physicalProgress");
        Assert.Equal("最多4位小数（万元精确到元）。", problem.GetProperty("errors").GetProperty("monthActual")[0].GetString());
        Assert.Equal("形象进度为占全部工程的百分比，应在0到100之间。", problem.GetProperty("errors").GetProperty("physicalProgress")[0].GetString());

        var late = await SendAsync(HttpMethod.Put, $"/api/v1/sections/{sectionId}/reports/2027-01", "zh-CN", new { monthActual = 1m });
        Assert.Equal("2027-01尚未开始：目前最晚可填报2024-01。",
            (await late.AssertProblemAsync(HttpStatusCode.BadRequest, "period")).GetProperty("errors").GetProperty("period")[0].GetString());

        // FluentValidation's own zh-CN text for NotEmpty, chosen by the request's culture.
        var empty = await SendAsync(HttpMethod.Post, "/api/v1/projects", "zh-CN", new { code = "", name = "", mode = "road", regionCode = Zhuji });
        var name = (await empty.AssertProblemAsync(HttpStatusCode.BadRequest, "name")).GetProperty("errors").GetProperty("name")[0].GetString();
        Assert.Contains("不能为空", name);
        var emptyEn = await SendAsync(HttpMethod.Post, "/api/v1/projects", null, new { code = "", name = "", mode = "road", regionCode = Zhuji });
        Assert.Equal("'name' must not be empty.",
            (await emptyEn.AssertProblemAsync(HttpStatusCode.BadRequest, "name")).GetProperty("errors").GetProperty("name")[0].GetString());
    }

    /// <summary>Bad bodies for the write endpoints, unknown ids, bad periods and query parameters, and the framework's own refusals.</summary>
    private async Task<List<BadRequest>> BadRequestsAsync()
    {
        var (projectId, sectionId) = await NewProjectAsync("MSG-ALL");
        var importSection = await api.NewPlannedSectionAsync("MSG-IMP");
        var badSheet = ImportFiles.Edit(await api.TemplateAsync(), sheet =>
        {
            var row = sheet.RowOf(importSection);
            sheet.Set(row, "G", CellSpec.Text("about five million"));
            sheet.Set(row, "H", CellSpec.Number(120m));
        });
        var leader = await api.ClientForAsync("leadership", regionCodes: [Zhuji]);
        var weakUser = new { email = "weak.password@test.local", password = "short", role = "planning", regionCodes = new[] { Zhuji } };
        var validProject = new { name = "消息测试", mode = "trunk_highway", regionCode = Zhuji, totalInvestment = 100m };
        var badProject = new
        {
            code = "bad code!", name = "", mode = "canal", regionCode = "33", totalInvestment = 1.123456m, lengthKm = -1m,
            scopes = new[] { "nope", "nope" }, sections = new[] { new { regionCode = "330600", apportionedInvestment = 5m } },
            milestones = new[] { new { kind = "dream", plannedOn = (string?)null, actualOn = (string?)null } },
        };
        return
        [
            Json("project body", HttpMethod.Post, "/api/v1/projects", HttpStatusCode.BadRequest, badProject),
            Json("project regions", HttpMethod.Post, "/api/v1/projects", HttpStatusCode.BadRequest,
                new { code = "MSG-R", name = "x", mode = "port", regionCode = "999999", sections = new[] { new { regionCode = "330600" } } }),
            Raw("unknown JSON field", HttpMethod.Post, "/api/v1/projects", HttpStatusCode.BadRequest, """{"code":"A","id":5}"""),
            Raw("wrong JSON type", HttpMethod.Post, "/api/v1/projects", HttpStatusCode.BadRequest, """{"totalInvestment":"many"}"""),
            Raw("malformed JSON", HttpMethod.Post, "/api/v1/projects", HttpStatusCode.BadRequest, """{"code":"""),
            Json("duplicate code", HttpMethod.Post, "/api/v1/projects", HttpStatusCode.Conflict,
                new { code = "MSG-ALL", name = "x", mode = "port", regionCode = Zhuji }),
            new("not JSON", HttpStatusCode.UnsupportedMediaType, language => SendContentAsync(api.Client, HttpMethod.Post, "/api/v1/projects",
                language, new StringContent("code=A", Encoding.UTF8, "text/plain"))),
            Get("unknown project", $"/api/v1/projects/{projectId + 100000}", HttpStatusCode.NotFound),
            Get("project list parameters", "/api/v1/projects?page=0&pageSize=1000&sort=colour&status=gone&mode=x&class=y&year=1800",
                HttpStatusCode.BadRequest),
            Get("unparsable query parameter", "/api/v1/projects?page=first", HttpStatusCode.BadRequest),
            Get("unknown region filter", "/api/v1/projects?regionCode=999999", HttpStatusCode.BadRequest),
            new("stale If-Match", HttpStatusCode.PreconditionFailed, language => SendAsync(HttpMethod.Put, $"/api/v1/projects/{projectId}",
                language, validProject, ifMatch: "\"1\"")),
            Json("section in a city", HttpMethod.Post, $"/api/v1/projects/{projectId}/sections", HttpStatusCode.BadRequest,
                new { regionCode = "330600", name = "市本级" }),
            Json("section share", HttpMethod.Post, $"/api/v1/projects/{projectId}/sections", HttpStatusCode.BadRequest,
                new { regionCode = "330602", name = "越城段", apportionedInvestment = 5000000m }),
            Json("milestone dates", HttpMethod.Put, $"/api/v1/projects/{projectId}/milestones/start", HttpStatusCode.BadRequest,
                new { plannedOn = (string?)null, actualOn = "2030-01-01" }),
            Json("unknown milestone", HttpMethod.Put, $"/api/v1/projects/{projectId}/milestones/dream", HttpStatusCode.NotFound,
                new { plannedOn = "2023-01-01" }),
            Json("report body", HttpMethod.Put, $"/api/v1/sections/{sectionId}/reports/2023-07", HttpStatusCode.BadRequest,
                new { monthActual = 1.123456m, physicalProgress = 120m }),
            Json("report required", HttpMethod.Put, $"/api/v1/sections/{sectionId}/reports/2023-07", HttpStatusCode.BadRequest,
                new { physicalProgress = 10m }),
            Json("future period", HttpMethod.Put, $"/api/v1/sections/{sectionId}/reports/2027-01", HttpStatusCode.BadRequest,
                new { monthActual = 1m }),
            Json("bad period", HttpMethod.Put, $"/api/v1/sections/{sectionId}/reports/July", HttpStatusCode.BadRequest,
                new { monthActual = 1m }),
            Json("before the section reports", HttpMethod.Put, $"/api/v1/sections/{sectionId}/reports/2021-01", HttpStatusCode.BadRequest,
                new { monthActual = 1m }),
            Json("nothing to submit", HttpMethod.Post, $"/api/v1/sections/{sectionId}/reports/2023-03/submit", HttpStatusCode.NotFound, new { }),
            Json("return without reason", HttpMethod.Post, $"/api/v1/sections/{sectionId}/reports/2023-03/return", HttpStatusCode.BadRequest,
                new { reason = "" }),
            Json("correction of nothing", HttpMethod.Post, $"/api/v1/sections/{sectionId}/reports/2023-03/corrections", HttpStatusCode.Conflict,
                new { monthActual = 1m, reason = "更正" }),
            Get("missing reports", "/api/v1/reports/missing?regionCode=999999", HttpStatusCode.BadRequest),
            Json("annual plan", HttpMethod.Put, $"/api/v1/sections/{sectionId}/plans/2023", HttpStatusCode.BadRequest,
                new { plannedInvestment = 100m, targetPhysicalProgress = 101m, monthlyProfile = new[] { 1m, 2m } }),
            Json("plan year", HttpMethod.Put, $"/api/v1/sections/{sectionId}/plans/1800", HttpStatusCode.BadRequest, new { plannedInvestment = 1m }),
            Json("regional task", HttpMethod.Put, $"/api/v1/regions/{Zhuji}/targets/2023/effective", HttpStatusCode.BadRequest,
                new { task = (decimal?)null, growthTarget = 20m }),
            Json("lag thresholds", HttpMethod.Put, "/api/v1/settings/lag-thresholds", HttpStatusCode.BadRequest,
                new { yellowBelow = -0.2m, redBelow = -0.1m }),
            Get("figures period", $"/api/v1/regions/{Zhuji}/figures?period=2099-01&scope=x&mode=y", HttpStatusCode.BadRequest),
            Get("figures without period", $"/api/v1/sections/{sectionId}/figures", HttpStatusCode.BadRequest),
            Get("series year", $"/api/v1/regions/{Zhuji}/series?year=1700", HttpStatusCode.BadRequest),
            Get("unknown region", "/api/v1/regions/999999", HttpStatusCode.NotFound),
            Json("land issue body", HttpMethod.Post, $"/api/v1/sections/{sectionId}/land-issues", HttpStatusCode.BadRequest,
                new { kind = "ghost", description = "", identifiedOn = "2030-01-01", dueOn = "1980-01-01" }),
            Get("land issue filters", "/api/v1/land-issues?status=lost&identifiedFrom=yesterday&page=0", HttpStatusCode.BadRequest),
            Get("land issue stats", "/api/v1/land-issues/stats?groupBy=town&asOf=2099-01-01", HttpStatusCode.BadRequest),
            Get("unknown land issue", "/api/v1/land-issues/987654", HttpStatusCode.NotFound),
            Json("funding body", HttpMethod.Post, $"/api/v1/projects/{projectId}/funding", HttpStatusCode.BadRequest,
                new { year = 1800, level = "galactic", kind = "gift", committed = 10m, received = 20m }),
            Json("quantity target", HttpMethod.Put, $"/api/v1/projects/{projectId}/quantity-targets", HttpStatusCode.BadRequest,
                new { year = 2023, kind = "tunnels", target = -1m }),
            Get("export parameters", $"/api/v1/exports/county-ranking?regionCode={Zhuji}&period=2099-13&rankBy=size&scope=x",
                HttpStatusCode.BadRequest),
            Get("export not rolled up", "/api/v1/exports/mode-breakdown?regionCode=330600&period=2023-11", HttpStatusCode.NotFound),
            Json("roll-up period", HttpMethod.Post, "/api/v1/rollups", HttpStatusCode.BadRequest, new { period = "2023-13" }),
            Get("roll-up parameters", "/api/v1/rollups/2023-13?scope=x&rankBy=y", HttpStatusCode.BadRequest),
            Get("roll-up missing", "/api/v1/rollups/2023-10", HttpStatusCode.NotFound),
            Get("unknown job", $"/api/v1/jobs/{Guid.NewGuid()}", HttpStatusCode.NotFound),
            Get("job filters", "/api/v1/jobs?kind=x&status=y&limit=0", HttpStatusCode.BadRequest),
            Get("audit filters", "/api/v1/audit?page=0&from=2024-01-02T00:00:00Z&to=2024-01-01T00:00:00Z", HttpStatusCode.BadRequest),
            Json("weak password", HttpMethod.Post, "/api/v1/users", HttpStatusCode.BadRequest, weakUser),
            Json("user scopes", HttpMethod.Post, "/api/v1/users", HttpStatusCode.BadRequest,
                new { email = "not-an-email", password = "Abcdefghijk1", role = "headquarters", regionCodes = new[] { Zhuji } }),
            Get("user list", "/api/v1/users?role=king&page=0", HttpStatusCode.BadRequest),
            Get("import template parameters", "/api/v1/imports/monthly-reports/template", HttpStatusCode.BadRequest),
            new("import of a text file", HttpStatusCode.UnsupportedMediaType, language => UploadAsync(language, "序号,金额\n1,2\n"u8.ToArray())),
            new("import with bad cells", HttpStatusCode.BadRequest, language => api.UploadAsync(badSheet, language: language)),
            new("import that is not multipart", HttpStatusCode.UnsupportedMediaType, language => SendContentAsync(api.Client, HttpMethod.Post,
                $"/api/v1/imports/monthly-reports?regionCode={Zhuji}&period=2023-12", language, new StringContent("{}", Encoding.UTF8, "application/json"))),
            new("sign-in failure", HttpStatusCode.Unauthorized, language => SendContentAsync(api.AnonymousClient(), HttpMethod.Post,
                "/api/v1/auth/login", language, JsonContent.Create(new { email = "nobody@test.local", password = "Wrong-password-1" }))),
            new("refresh failure", HttpStatusCode.Unauthorized, language => SendContentAsync(api.AnonymousClient(), HttpMethod.Post,
                "/api/v1/auth/refresh", language, JsonContent.Create(new { refreshToken = "nonsense" }))),
            new("not signed in", HttpStatusCode.Unauthorized, language => SendContentAsync(api.AnonymousClient(), HttpMethod.Get,
                "/api/v1/projects", language, null)),
            new("role may not", HttpStatusCode.Forbidden, language => SendContentAsync(leader, HttpMethod.Post, "/api/v1/projects", language,
                JsonContent.Create(new { code = "MSG-F", name = "x", mode = "port", regionCode = Zhuji }))),
            new("method not allowed", HttpStatusCode.MethodNotAllowed, language => SendContentAsync(api.Client, HttpMethod.Delete,
                "/api/v1/regions", language, null)),
            Get("unknown API path", "/api/v1/nothing-here", HttpStatusCode.NotFound),
        ];
    }

    private BadRequest Json(string name, HttpMethod method, string url, HttpStatusCode status, object body) =>
        new(name, status, language => SendAsync(method, url, language, body));

    private BadRequest Raw(string name, HttpMethod method, string url, HttpStatusCode status, string json) =>
        new(name, status, language => SendContentAsync(api.Client, method, url, language, new StringContent(json, Encoding.UTF8, "application/json")));

    private BadRequest Get(string name, string url, HttpStatusCode status) =>
        new(name, status, language => SendContentAsync(api.Client, HttpMethod.Get, url, language, null));

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? language, object body, string? ifMatch = null) =>
        SendContentAsync(api.Client, method, url, language, JsonContent.Create(body, options: HttpAssertions.Json), ifMatch);

    private static async Task<HttpResponseMessage> SendContentAsync(
        HttpClient client, HttpMethod method, string url, string? language, HttpContent? content, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return await client.SendAsync(request);
    }

    private Task<HttpResponseMessage> UploadAsync(string? language, byte[] file)
    {
        var content = new MultipartFormDataContent();
        content.Add(new ByteArrayContent(file), "file", "月报.xlsx");
        return SendContentAsync(api.Client, HttpMethod.Post, $"/api/v1/imports/monthly-reports?regionCode={Zhuji}&period=2023-12", language, content);
    }

    private async Task<(long ProjectId, long SectionId)> NewProjectAsync(string code)
    {
        var created = await (await api.Client.PostJsonAsync("/api/v1/projects", new
        {
            code, name = $"消息测试{code}", mode = "trunk_highway", regionCode = Zhuji, totalInvestment = 1000m,
            sections = new[] { new { regionCode = Zhuji, activeFrom = "2023-01-01" } },
        })).ReadAsync<JsonElement>(HttpStatusCode.Created);
        return (created.GetProperty("id").GetInt64(), created.GetProperty("sections")[0].GetProperty("id").GetInt64());
    }

    private static async Task<JsonElement?> ProblemAsync(BadRequest request, string? language, List<string> failures)
    {
        using var response = await request.Send(language);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != request.Status || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            failures.Add($"{request.Name} ({language ?? "no Accept-Language"}): expected a {(int)request.Status} problem, got "
                         + $"{(int)response.StatusCode} {response.Content.Headers.ContentType}: {body}");
            return null;
        }
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Every text a reader reads: title, detail, each errors message and each importErrors message.</summary>
    private static IEnumerable<(string What, string Text)> Texts(JsonElement problem)
    {
        yield return ("title", Str(problem, "title"));
        if (problem.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String)
        {
            yield return ("detail", detail.GetString()!);
        }
        if (problem.TryGetProperty("errors", out var errors))
        {
            foreach (var field in errors.EnumerateObject())
            {
                foreach (var message in field.Value.EnumerateArray())
                {
                    yield return ($"errors[{field.Name}]", message.GetString()!);
                }
            }
        }
        if (problem.TryGetProperty("importErrors", out var importErrors))
        {
            foreach (var error in importErrors.EnumerateArray())
            {
                yield return ("importErrors message", error.GetProperty("message").GetString()!);
            }
        }
    }

    private static List<string> Keys(JsonElement problem) =>
        problem.TryGetProperty("errors", out var errors) ? errors.EnumerateObject().Select(p => p.Name).ToList() : [];

    private static string Str(JsonElement problem, string name) =>
        problem.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    private static bool HasChinese(string text) => ChineseText().IsMatch(text);

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex ChineseText();

    // The units money is kept in appear in English messages too, as the bureau writes them.
    [GeneratedRegex("万元|亿元")]
    private static partial Regex Units();
}
