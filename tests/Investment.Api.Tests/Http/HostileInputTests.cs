using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Investment.Api.Data;
using Investment.Api.Http;
using Investment.Api.Tests.Features.Jobs;
using Investment.Api.Tests.Features.Reporting;
using Investment.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Investment.Api.Tests.Http;

/// <summary>
/// Every write endpoint the app maps (read from its endpoint list, so a new one is swept too), each sent what a probe
/// sends: a NUL and other control characters in every string of its body, in the query and in its route values; JSON
/// in Latin-1; duplicate keys in two letter cases; a form post with a bearer token, with the session cookie, and with
/// the cookie and a valid antiforgery token. None may answer 500 or anything but a problem with a type, and none may
/// store anything.
/// </summary>
public sealed partial class HostileInputTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    private const string Nul = "a\u0000b";

    private sealed record Write(string Method, string Pattern, RouteEndpoint Endpoint)
    {
        public Type? BodyType => Endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;

        public bool HandlerReadsBody => Endpoint.Metadata.GetMetadata<RequestShape.HandlerReadsBody>() is not null;

        public override string ToString() => $"{Method} {Pattern}";
    }

    private List<Write> Writes() =>
        api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])
                .Where(m => m is "POST" or "PUT" or "PATCH" or "DELETE")
                .Select(m => new Write(m, e.RoutePattern.RawText!, e)))
            .ToList();

    [Fact]
    public async Task EveryWriteEndpoint_RefusesHostileInput_WithAProblem_AndStoresNothing()
    {
        var urls = await RouteValuesAsync();
        var cookie = await CookieSessionAsync();
        var writes = Writes();
        Assert.True(writes.Count >= 40, $"Only {writes.Count} write endpoints found");
        var before = await StoredCountsAsync();
        var failures = new List<string>();

        foreach (var write in writes)
        {
            // The upload names its target in the query, and reads its multipart body itself (415 in its own words).
            var query = write.HandlerReadsBody ? $"regionCode={ReportingArrange.Zhuji}&period=2023-12&" : "";
            var url = $"{Url(write.Pattern, urls, null)}?{query}";
            await ExpectAsync(failures, write, "NUL in the query", HttpStatusCode.BadRequest, "probe",
                Send(write, $"{url}probe=%00", Json("{}")));
            await ExpectAsync(failures, write, "control character in the query", HttpStatusCode.BadRequest, "probe",
                Send(write, $"{url}probe=x%01y", Json("{}")));
            foreach (var name in StringRouteParameters(write.Pattern))
            {
                await ExpectAsync(failures, write, $"control character in route value {name}", HttpStatusCode.BadRequest, name,
                    Send(write, $"{Url(write.Pattern, urls, name)}?{query}", Json("{}")));
            }
            await ExpectAsync(failures, write, "JSON in Latin-1", HttpStatusCode.UnsupportedMediaType, null,
                Send(write, url, Json("{\"name\":\"Caf\u00e9\"}", Encoding.Latin1, "iso-8859-1")));
            await ExpectAsync(failures, write, "form post with a bearer token", HttpStatusCode.UnsupportedMediaType, null,
                Send(write, url, Form()));
            // The upload checks its body itself, after the antiforgery check has refused the cookie without its token.
            await ExpectAsync(failures, write, "form post with the session cookie",
                write.HandlerReadsBody ? HttpStatusCode.BadRequest : HttpStatusCode.UnsupportedMediaType, null,
                cookie.SendAsync(new HttpMethod(write.Method), url, Form()));
            await ExpectAsync(failures, write, "form post with the cookie and its antiforgery token", HttpStatusCode.UnsupportedMediaType, null,
                cookie.SendAsync(new HttpMethod(write.Method), url, Form(), await cookie.TokenAsync()));
            await ExpectAsync(failures, write, "text/plain post", HttpStatusCode.UnsupportedMediaType, null,
                Send(write, url, new StringContent("monthActual=1", Encoding.UTF8, "text/plain")));
            if (!write.HandlerReadsBody)
            {
                await ExpectAsync(failures, write, "multipart post", HttpStatusCode.UnsupportedMediaType, null,
                    Send(write, url, new MultipartFormDataContent { { new StringContent("1"), "monthActual" } }));
            }

            if (write.BodyType is not { } type || write.HandlerReadsBody)
            {
                continue;
            }
            var texts = StringProperties(type);
            foreach (var (hostile, what) in new[] { (Nul, "NUL"), ("a\u0001b", "U+0001"), ("a\u007fb", "DEL"), ("a\u0085b", "C1 NEL") })
            {
                // A narrative keeps what was pasted into it (MonthlyReportImportTests round-trips a BEL), NUL alone excepted.
                foreach (var property in texts.Where(p => hostile == Nul || !p.Narrative))
                {
                    await ExpectAsync(failures, write, $"{what} in {property.Name}", HttpStatusCode.BadRequest, property.Path,
                        Send(write, url, Json(property.Body(hostile))));
                }
            }
            foreach (var property in texts.Where(p => !p.Narrative))
            {
                await ExpectAsync(failures, write, $"line break in {property.Name}", HttpStatusCode.BadRequest, property.Path,
                    Send(write, url, Json(property.Body("first\nsecond"))));
            }
            if (DuplicableProperty(type) is { } duplicated)
            {
                var upper = char.ToUpperInvariant(duplicated[0]) + duplicated[1..];
                await ExpectAsync(failures, write, $"{duplicated} twice", HttpStatusCode.BadRequest, upper,
                    Send(write, url, Json($"{{\"{duplicated}\":null,\"{upper}\":null}}")));
                await ExpectAsync(failures, write, $"{duplicated} twice, same case", HttpStatusCode.BadRequest, duplicated,
                    Send(write, url, Json($"{{\"{duplicated}\":null,\"{duplicated}\":null}}")));
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(before, await StoredCountsAsync());
    }

    [Fact]
    public async Task Narratives_KeepTabsAndLineBreaks_NamesDoNot()
    {
        var (projectId, sectionId) = await api.NewSectionAsync("HOSTILE-TEXT");

        var saved = await api.PutReportAsync(sectionId, "2023-11",
            new { monthActual = 5m, narrative = "路基完成\n\t桥梁开工", problems = "征地\r\n滞后" });
        await saved.ReadAsync<JsonElement>(HttpStatusCode.Created);
        var stored = Assert.Single(await api.StoredAsync(sectionId, "2023-11"));
        Assert.Equal("路基完成\n\t桥梁开工", stored.Narrative);

        var renamed = await api.Client.PutAsJsonAsync($"/api/v1/projects/{projectId}/sections/{sectionId}",
            new { name = "一段\n二段" }, HttpAssertions.Json);
        await renamed.AssertProblemAsync(HttpStatusCode.BadRequest, "name");
        var nested = await api.Client.PostJsonAsync("/api/v1/projects", new
        {
            code = "HOSTILE-NESTED", name = "嵌套", mode = "port", regionCode = ReportingArrange.Zhuji,
            sections = new[] { new { regionCode = ReportingArrange.Zhuji, name = "甲\u0000段" } },
        });
        await nested.AssertProblemAsync(HttpStatusCode.BadRequest, "sections[0].name");
        var scopes = await api.Client.PostJsonAsync("/api/v1/projects", new
        {
            code = "HOSTILE-LIST", name = "列表", mode = "port", regionCode = ReportingArrange.Zhuji, scopes = new[] { "effective", "key\u0000" },
        });
        await scopes.AssertProblemAsync(HttpStatusCode.BadRequest, "scopes[1]");
    }

    [Fact]
    public async Task NulAndDuplicates_AreNamedInBothLanguages()
    {
        var nul = await SendAsync(HttpMethod.Post, "/api/v1/projects",
            Json("{\"code\":\"HOSTILE-NUL\",\"name\":\"a\\u0000b\",\"mode\":\"port\",\"regionCode\":\"330681\"}"), "zh-CN");
        var problem = await nul.AssertProblemAsync(HttpStatusCode.BadRequest, "name");
        Assert.Contains("空字符", problem.GetProperty("errors").GetProperty("name")[0].GetString(), StringComparison.Ordinal);

        var duplicate = await SendAsync(HttpMethod.Post, "/api/v1/projects",
            Json("{\"code\":\"HOSTILE-DUP\",\"Code\":\"OTHER\",\"name\":\"x\",\"mode\":\"port\",\"regionCode\":\"330681\"}"), "en");
        var english = await duplicate.AssertProblemAsync(HttpStatusCode.BadRequest, "Code");
        Assert.Contains("more than once", english.GetProperty("errors").GetProperty("Code")[0].GetString(), StringComparison.Ordinal);

        var latin = await SendAsync(HttpMethod.Post, "/api/v1/projects", Json("{\"code\":\"HOSTILE-LATIN\"}", Encoding.Latin1, "ISO-8859-1"), "zh-CN");
        var refused = await latin.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("UTF-8", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // A spelling the framework's reader does not know is refused too (it answered 500); UTF-8 in any letter case is fine.
        var unknown = await SendAsync(HttpMethod.Post, "/api/v1/projects", Json("{\"code\":\"HOSTILE-UTF8\"}", Encoding.UTF8, "utf8"), null);
        await unknown.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        var utf8 = await SendAsync(HttpMethod.Post, "/api/v1/projects",
            Json("{\"code\":\"HOSTILE-UTF8\",\"name\":\"诸暨\",\"mode\":\"port\",\"regionCode\":\"330681\"}", Encoding.UTF8, "UTF-8"), null);
        Assert.Equal("诸暨", (await utf8.ReadAsync<JsonElement>(HttpStatusCode.Created)).GetProperty("name").GetString());
    }

    [Fact]
    public async Task QueryWithNul_OnAReadToo_Is400NamingTheParameter_Not500()
    {
        var response = await api.Client.GetAsync("/api/v1/projects?q=%00");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "q");
    }

    [Fact]
    public async Task BindingErrors_AreProblemsInOurWords_NamingTheParameter()
    {
        var failures = new List<string>();
        foreach (var (url, status, field) in new[]
                 {
                     ("/api/v1/projects?page=abc", HttpStatusCode.BadRequest, "page"),
                     ("/api/v1/land-issues?identifiedFrom=yesterday", HttpStatusCode.BadRequest, "identifiedFrom"),
                     ("/api/v1/projects/notanumber", HttpStatusCode.NotFound, null),
                     ("/api/v1/projects/99999999999999999999", HttpStatusCode.NotFound, null),
                     ("/api/v1/%E0%A4%A", HttpStatusCode.NotFound, null),
                     ("/api/v1/nothing/here", HttpStatusCode.NotFound, null),
                 })
        {
            var response = await api.Client.GetAsync(url);
            var problem = await response.AssertProblemAsync(status, field is null ? [] : [field]);
            var body = problem.GetRawText();
            foreach (var framework in FrameworkWording)
            {
                if (body.Contains(framework, StringComparison.Ordinal))
                {
                    failures.Add($"{url}: {body}");
                }
            }
        }
        var noBody = await api.Client.PostAsync("/api/v1/projects", null);
        Assert.DoesNotContain("Implicit body", (await noBody.AssertProblemAsync(HttpStatusCode.BadRequest, "body")).GetRawText(), StringComparison.Ordinal);
        var malformed = await api.Client.PostRawAsync("/api/v1/projects", "{\"code\": ");
        await malformed.AssertProblemAsync(HttpStatusCode.BadRequest, "code");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task StatusPages_AreProblemsWithATypeAndDetail_EvenForABrowserAskingForHtml()
    {
        foreach (var (method, url, status) in new[]
                 {
                     (HttpMethod.Get, "/api/v1/nothing-here", HttpStatusCode.NotFound),
                     (HttpMethod.Delete, "/api/v1/regions", HttpStatusCode.MethodNotAllowed),
                 })
        {
            var request = new HttpRequestMessage(method, url);
            request.Headers.Accept.Clear();
            request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml");
            var problem = await (await api.Client.SendAsync(request)).AssertProblemAsync(status);
            Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        }
        var anonymous = await api.AnonymousClient().GetAsync("/api/v1/projects");
        Assert.Contains("sign in", (await anonymous.AssertProblemAsync(HttpStatusCode.Unauthorized)).GetProperty("detail").GetString(),
            StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task PreconditionRequired_IsAProblemWithItsRfcType()
    {
        var (_, sectionId) = await api.NewSectionAsync("HOSTILE-428");
        await (await api.PutReportAsync(sectionId, "2023-10", new { monthActual = 1m })).ReadAsync<JsonElement>(HttpStatusCode.Created);

        var problem = await (await api.PutReportAsync(sectionId, "2023-10", new { monthActual = 2m })).AssertProblemAsync(HttpStatusCode.PreconditionRequired);

        Assert.Equal("https://tools.ietf.org/html/rfc6585#section-3", problem.GetProperty("type").GetString());
    }

    private static readonly string[] FrameworkWording =
        ["Failed to bind", "Required parameter", "Implicit body", "Expected a supported JSON media type", "Did you mean"];

    // ---- the sweep's parts ---------------------------------------------------------------------------------------

    private async Task ExpectAsync(List<string> failures, Write write, string what, HttpStatusCode status, string? field,
        Task<HttpResponseMessage> send)
    {
        var response = await send;
        var body = await response.Content.ReadAsStringAsync();
        var because = $"{write}: {what}: {(int)response.StatusCode} {body}";
        if (response.StatusCode != status || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            failures.Add(because);
            return;
        }
        var problem = JsonDocument.Parse(body).RootElement;
        if (!problem.TryGetProperty("type", out var type) || type.GetString() is not { Length: > 0 }
            || !problem.TryGetProperty("title", out _) || problem.GetProperty("status").GetInt32() != (int)status
            || (field is not null && !(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _))))
        {
            failures.Add(because);
        }
    }

    private Task<HttpResponseMessage> Send(Write write, string url, HttpContent content) =>
        api.Client.SendAsync(new HttpRequestMessage(new HttpMethod(write.Method), url) { Content = content });

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, HttpContent content, string? language)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }
        return api.Client.SendAsync(request);
    }

    private static ByteArrayContent Json(string json, Encoding? encoding = null, string? charset = null)
    {
        var content = new ByteArrayContent((encoding ?? Encoding.UTF8).GetBytes(json));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = charset };
        return content;
    }

    private static FormUrlEncodedContent Form() =>
        new(new Dictionary<string, string> { ["monthActual"] = "1", ["name"] = "表单", ["__RequestVerificationToken"] = "guess" });

    private sealed record TextProperty(string Name, bool List, bool Narrative)
    {
        public string Path => List ? $"{Name}[0]" : Name;

        public string Body(string value) =>
            JsonSerializer.Serialize(new Dictionary<string, object> { [Name] = List ? new[] { value } : value });
    }

    private static List<TextProperty> StringProperties(Type type)
    {
        var parameters = type.GetConstructors().SelectMany(c => c.GetParameters()).ToList();
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType == typeof(string) || typeof(IEnumerable<string>).IsAssignableFrom(p.PropertyType))
            .Select(p => new TextProperty(JsonNaming.CamelCase(p.Name), p.PropertyType != typeof(string),
                p.IsDefined(typeof(NarrativeAttribute)) || parameters.Any(c => c.Name == p.Name && c.IsDefined(typeof(NarrativeAttribute)))))
            .ToList();
    }

    /// <summary>A property that may be null, so a duplicate of it fails as a duplicate and not as a wrong value.</summary>
    private static string? DuplicableProperty(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => !p.PropertyType.IsValueType || Nullable.GetUnderlyingType(p.PropertyType) is not null)
            .Select(p => JsonNaming.CamelCase(p.Name))
            .FirstOrDefault();

    private static IEnumerable<string> StringRouteParameters(string pattern) =>
        RouteParameter().Matches(pattern).Where(m => !m.Groups["constraint"].Success).Select(m => m.Groups["name"].Value);

    private static string Url(string pattern, IReadOnlyDictionary<string, string> values, string? hostileParameter) =>
        RouteParameter().Replace(pattern, m =>
        {
            var name = m.Groups["name"].Value;
            if (name == hostileParameter)
            {
                return "x%01y";
            }
            var key = pattern.StartsWith("/api/v1/users", StringComparison.Ordinal) && name == "id" ? "userId"
                : pattern.StartsWith("/api/v1/land-issues", StringComparison.Ordinal) && name == "id" ? "landIssueId"
                : pattern.StartsWith("/api/v1/jobs", StringComparison.Ordinal) && name == "id" ? "jobId"
                : name;
            return values.TryGetValue(key, out var value) ? value : "1";
        });

    [GeneratedRegex(@"\{(?<name>\w+)(?<constraint>:[^}]*)?\}")]
    private static partial Regex RouteParameter();

    /// <summary>Real rows, so a request that slipped through would change something the counts below would see.</summary>
    private async Task<Dictionary<string, string>> RouteValuesAsync()
    {
        var (projectId, sectionId) = await api.NewSectionAsync("HOSTILE-SWEEP");
        var (email, _) = await api.CreateUserAsync(Roles.Leadership, regionCodes: [ReportingArrange.Zhuji]);
        async Task<string> First(string sql) => (await JobPolling.QueryAsync(api.ConnectionString, sql)).FirstOrDefault() ?? "1";
        return new Dictionary<string, string>
        {
            ["id"] = projectId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["sectionId"] = sectionId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["userId"] = await First($"select id from users where email = '{email}'"),
            ["landIssueId"] = await First("select min(id)::text from land_issues"),
            ["fundingId"] = await First("select min(id)::text from funding_sources"),
            ["targetId"] = await First("select min(id)::text from quantity_targets"),
            ["jobId"] = Guid.NewGuid().ToString(),
            ["period"] = "2023-12",
            ["code"] = ReportingArrange.Zhuji,
            ["year"] = "2023",
            ["scope"] = "effective",
            ["kind"] = "start",
        };
    }

    private async Task<string> StoredCountsAsync() => string.Join(", ", await JobPolling.QueryAsync(api.ConnectionString, """
        select 'audit ' || (select count(*) from audit_log) || ', jobs ' || (select count(*) from jobs)
               || ', refresh tokens ' || (select count(*) from refresh_tokens)
               || ', stamps ' || (select md5(string_agg(security_stamp, ',' order by id)) from users)
        """));

    // ---- the session cookie, the way the web app holds it ---------------------------------------------------------

    private async Task<CookieSession> CookieSessionAsync()
    {
        var (email, password) = await api.CreateUserAsync(Roles.Administrator);
        var session = new CookieSession(api.AnonymousClient());
        var login = await session.SendAsync(HttpMethod.Post, "/api/v1/auth/login?useCookies=true", JsonContent.Create(new { email, password }));
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        return session;
    }
}
