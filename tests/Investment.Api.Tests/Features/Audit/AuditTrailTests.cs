using System.Globalization;
using System.Net;
using System.Text.Json;
using Investment.Api.Data;
using Investment.Api.Tests.Features.Jobs;
using Investment.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Investment.Api.Tests.Features.Audit;

public sealed class AuditTrailTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    private const string Zhuji = "330681";

    private async Task<JsonElement> NewProjectAsync(HttpClient client, string code) =>
        await (await client.PostJsonAsync("/api/v1/projects", new
        {
            code, name = $"审计{code}", mode = "trunk_highway", regionCode = Zhuji, totalInvestment = 5000m,
            sections = new[] { new { regionCode = Zhuji, name = $"审计{code}段", apportionedInvestment = 5000m, activeFrom = "2023-01-01" } },
        })).ReadAsync<JsonElement>(HttpStatusCode.Created);

    private async Task<List<JsonElement>> AuditAsync(string query, HttpClient? client = null)
    {
        var page = await (await (client ?? api.Client).GetAsync($"/api/v1/audit?{query}")).ReadAsync<JsonElement>();
        return page.GetProperty("items").EnumerateArray().ToList();
    }

    /// <summary>
    /// Tables that are not business records: derived, operational, key material, or the trail itself. export_files holds
    /// generated workbooks (megabytes each) that the trigger would copy into the trail as JSON; the export job is the record.
    /// refresh_tokens holds hashes of secrets, replaced every hour; the end of their family is recorded. section_year_figures is
    /// derived from monthly_reports by triggers; the reports' own trail records every change to it.
    /// </summary>
    private static readonly string[] Unaudited =
    [
        "audit_log", "schema_migrations", "data_protection_keys", "jobs", "rollup_rows", "data_quality_findings",
        "roles", "role_claims", "user_logins", "user_tokens", "export_files", "refresh_tokens",
        "section_year_figures",
    ];

    [Fact]
    public async Task EveryBusinessTable_HasTheAuditTrigger_SoANewTableCannotBeForgotten()
    {
        var missing = await JobPolling.QueryAsync(api.ConnectionString, """
            select t.table_name from information_schema.tables t
            where t.table_schema = 'public' and t.table_type = 'BASE TABLE'
              and not exists (select 1 from pg_trigger g join pg_class c on c.oid = g.tgrelid
                              where c.relname = t.table_name and g.tgname = 'audit' and not g.tgisinternal)
            order by 1
            """);

        // Equal, not a subset: the listed tables must show up as unaudited too, or this query proves nothing.
        Assert.True(missing.Order(StringComparer.Ordinal).SequenceEqual(Unaudited.Order(StringComparer.Ordinal)),
            "Tables without the audit trigger (add one in a migration, or list them here with the reason): "
            + string.Join(", ", missing.Except(Unaudited)) + "; listed but audited or gone: " + string.Join(", ", Unaudited.Except(missing)));
    }

    [Fact]
    public async Task ProjectCreateUpdateArchive_EachRecordedWithActorAndBeforeAfter()
    {
        var planner = await api.CreateUserAsync(Roles.Planning, regionCodes: [Zhuji]);
        var client = await api.SignInAsync(planner.Email, planner.Password);
        var project = await NewProjectAsync(client, "AUD-1");
        var id = project.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture);

        var update = await client.PutAsync($"/api/v1/projects/{id}", new StringContent(JsonSerializer.Serialize(new
        {
            name = "审计改名", mode = "trunk_highway", regionCode = Zhuji, totalInvestment = 6000m,
        }), System.Text.Encoding.UTF8, "application/json"));
        await update.ReadAsync<JsonElement>();
        // Archiving is an ExecuteUpdate: no entity passes through the change tracker, the trigger still sees it.
        await (await client.PostAsync($"/api/v1/projects/{id}/archive", null)).ReadAsync<JsonElement>();

        var entries = await AuditAsync($"table=projects&rowKey={id}");

        Assert.Equal(["update", "update", "insert"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.All(entries, e => Assert.Equal(planner.Email, e.GetProperty("actor").GetString()));
        var insert = entries[2];
        Assert.Equal(JsonValueKind.Null, insert.GetProperty("before").ValueKind);
        Assert.Equal("审计AUD-1", insert.GetProperty("after").GetProperty("name").GetString());
        var renamed = entries[1];
        Assert.Equal("审计AUD-1", renamed.GetProperty("before").GetProperty("name").GetString());
        Assert.Equal("审计改名", renamed.GetProperty("after").GetProperty("name").GetString());
        Assert.Equal(5000m, renamed.GetProperty("before").GetProperty("total_investment").GetDecimal());
        Assert.Equal(6000m, renamed.GetProperty("after").GetProperty("total_investment").GetDecimal());
        var archived = entries[0];
        Assert.Equal("active", archived.GetProperty("before").GetProperty("status").GetString());
        Assert.Equal("archived", archived.GetProperty("after").GetProperty("status").GetString());
        var sections = await AuditAsync($"table=sections&actor={Uri.EscapeDataString(planner.Email)}");
        Assert.Contains(sections, e => e.GetProperty("after").GetProperty("project_id").GetInt64().ToString(CultureInfo.InvariantCulture) == id);
    }

    [Fact]
    public async Task ReportWorkflow_RecordsEachStepByItsActor()
    {
        var project = await NewProjectAsync(api.Client, "AUD-2");
        var sectionId = project.GetProperty("sections")[0].GetProperty("id").GetInt64();
        var hq = await api.CreateUserAsync(Roles.Headquarters, sectionIds: [sectionId]);
        var hqClient = await api.SignInAsync(hq.Email, hq.Password);
        var url = $"/api/v1/sections/{sectionId}/reports/2023-08";

        await (await hqClient.PutAsync(url, new StringContent("""{"monthActual": 120.5}""", System.Text.Encoding.UTF8, "application/json")))
            .ReadAsync<JsonElement>(HttpStatusCode.Created);
        await (await hqClient.PostAsync($"{url}/submit", null)).ReadAsync<JsonElement>();
        await (await api.Client.PostAsync($"{url}/approve", null)).ReadAsync<JsonElement>();

        await using var db = api.CreateDb();
        var reportId = db.MonthlyReports.Single(r => r.SectionId == sectionId).Id.ToString(CultureInfo.InvariantCulture);
        var entries = await AuditAsync($"table=monthly_reports&rowKey={reportId}");
        Assert.Equal([ApiFixture.AdminEmail, hq.Email, hq.Email], entries.Select(e => e.GetProperty("actor").GetString()));
        Assert.Equal(["submitted", "draft", null], entries.Select(e =>
            e.GetProperty("before").ValueKind == JsonValueKind.Null ? null : e.GetProperty("before").GetProperty("status").GetString()));
        Assert.Equal("approved", entries[0].GetProperty("after").GetProperty("status").GetString());
        Assert.Equal(120.5m, entries[2].GetProperty("after").GetProperty("month_actual").GetDecimal());
    }

    [Fact]
    public async Task UserRows_AreAuditedWithoutSecrets_AndALogoutAddsNothing()
    {
        var (email, password) = await api.CreateUserAsync(Roles.Leadership, regionCodes: [Zhuji]);
        await using var db = api.CreateDb();
        var id = db.Users.Single(u => u.Email == email).Id;
        var client = await api.SignInAsync(email, password);
        var before = await AuditAsync($"table=users&rowKey={id}");

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/v1/auth/logout", null)).StatusCode);

        var after = await AuditAsync($"table=users&rowKey={id}");
        Assert.Equal(before.Count, after.Count);
        var insert = Assert.Single(after, e => e.GetProperty("action").GetString() == "insert").GetProperty("after");
        Assert.Equal(email, insert.GetProperty("email").GetString());
        Assert.False(insert.TryGetProperty("password_hash", out _));
        Assert.False(insert.TryGetProperty("security_stamp", out _));
        var role = Assert.Single(await AuditAsync($"table=user_roles&rowKey={id}/leadership"));
        Assert.Equal(ApiFixture.AdminEmail, role.GetProperty("actor").GetString());
        var scope = Assert.Single(await AuditAsync("table=user_scopes"), e => e.GetProperty("after").GetProperty("user_id").GetString() == id);
        Assert.Equal(Zhuji, scope.GetProperty("after").GetProperty("region_code").GetString());
    }

    [Fact]
    public async Task RawSqlOutsideTheApi_IsRecordedAsTheDatabaseRole_AndReplicaSessionsAreNotAudited()
    {
        await using var db = api.CreateDb();
        await db.Database.ExecuteSqlRawAsync("update lag_thresholds set yellow_below = -0.06 where id = 1");
        var direct = (await AuditAsync("table=lag_thresholds&rowKey=1"))[0];
        Assert.StartsWith("db:", direct.GetProperty("actor").GetString(), StringComparison.Ordinal);
        Assert.Equal(-0.05m, direct.GetProperty("before").GetProperty("yellow_below").GetDecimal());
        Assert.Equal(-0.06m, direct.GetProperty("after").GetProperty("yellow_below").GetDecimal());

        // The benchmark harness's bulk loads: triggers are off for its own session only.
        await using (var connection = new NpgsqlConnection(api.ConnectionString))
        {
            await connection.OpenAsync();
            await using var bulk = new NpgsqlCommand(
                "set session_replication_role = replica; update lag_thresholds set yellow_below = -0.07 where id = 1", connection);
            await bulk.ExecuteNonQueryAsync();
        }
        Assert.Equal(direct.GetProperty("id").GetInt64(), (await AuditAsync("table=lag_thresholds&rowKey=1"))[0].GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task SeedRows_AreRecordedAsTheSeed()
    {
        var regions = await AuditAsync($"table=regions&rowKey={Zhuji}");
        var insert = Assert.Single(regions);
        Assert.Equal("system:seed", insert.GetProperty("actor").GetString());
        Assert.Equal("诸暨市", insert.GetProperty("after").GetProperty("name").GetString());
    }

    [Fact]
    public async Task AuditList_FiltersByActorAndTime_AndPages()
    {
        var leader = await api.CreateUserAsync(Roles.Planning, regionCodes: [Zhuji]);
        var client = await api.SignInAsync(leader.Email, leader.Password);
        var start = DateTimeOffset.UtcNow.AddSeconds(-1);
        await NewProjectAsync(client, "AUD-3");

        var byActor = await AuditAsync($"actor={Uri.EscapeDataString(leader.Email)}&pageSize=500");
        Assert.NotEmpty(byActor);
        Assert.All(byActor, e => Assert.Equal(leader.Email, e.GetProperty("actor").GetString()));
        var since = await AuditAsync($"from={Uri.EscapeDataString(start.ToString("O", CultureInfo.InvariantCulture))}&table=projects");
        Assert.Contains(since, e => e.GetProperty("after").GetProperty("code").GetString() == "AUD-3");
        var until = await AuditAsync($"to={Uri.EscapeDataString(start.ToString("O", CultureInfo.InvariantCulture))}&table=projects&pageSize=500");
        Assert.DoesNotContain(until, e => e.GetProperty("after").ValueKind == JsonValueKind.Object
                                          && e.GetProperty("after").GetProperty("code").GetString() == "AUD-3");
        var page = await (await api.Client.GetAsync("/api/v1/audit?pageSize=2&page=2")).ReadAsync<JsonElement>();
        Assert.Equal(2, page.GetProperty("items").GetArrayLength());
        Assert.True(page.GetProperty("totalCount").GetInt32() > 100);
        await (await api.Client.GetAsync("/api/v1/audit?pageSize=0&from=2024-01-02T00:00:00Z&to=2024-01-01T00:00:00Z"))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "pageSize", "to");
    }

    [Fact]
    public async Task AuditList_IsForAdministratorsOnly()
    {
        var planner = await api.ClientForAsync(Roles.Planning, regionCodes: [Zhuji]);
        await (await planner.GetAsync("/api/v1/audit")).AssertProblemAsync(HttpStatusCode.Forbidden);
    }
}
