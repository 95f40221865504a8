using System.Net;
using System.Text.Json;
using Investment.Api.Tests.Features.Jobs;
using Investment.Api.Tests.Infrastructure;
using Npgsql;

namespace Investment.Api.Tests.Features.Rollups;

/// <summary>Roll-ups of the seed data. Every test rolls up the period it reads, so none depends on another's run.</summary>
public sealed class RollupTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    private const string Zhuji = "330681";
    private const string Wenling = "331081";
    private const string Shaoxing = "330600";
    private const string Zhejiang = "330000";

    private async Task<JsonElement> RollUpAsync(string period)
    {
        var job = await JobPolling.RunAsync(api.Client, "/api/v1/rollups", new { period });
        JobPolling.AssertSucceeded(job);
        return job;
    }

    private async Task<JsonElement> GetAsync(string query) =>
        await (await api.Client.GetAsync($"/api/v1/rollups/{query}")).ReadAsync<JsonElement>();

    private async Task<JsonElement> RowAsync(string region, string scope, string modeCategory = "all", string mode = "all") =>
        (await GetAsync($"2023-12?regionCode={region}&scope={scope}&modeCategory={modeCategory}&mode={mode}")).GetProperty("region");

    private Task<List<string>> DumpRowsAsync(int year, int month) => JobPolling.QueryAsync(api.ConnectionString,
        $"select row_to_json(r)::text from rollup_rows r where year = {year} and month = {month} order by region_code, mode_category, mode, scope");

    private Task<List<string>> DumpFindingsAsync(int year, int month) => JobPolling.QueryAsync(api.ConnectionString,
        $"""
        select concat_ws('|', kind, region_code, project_id, section_id, message) from data_quality_findings
        where year = {year} and month = {month} order by 1
        """);

    [Fact]
    public async Task Rollup_Seed2023December_EqualsTheHandComputation()
    {
        var job = await RollUpAsync("2023-12");
        Assert.True(job.GetProperty("result").GetProperty("rowCount").GetInt32() > 0);

        // 诸暨 key projects: 13 projects, plan 61.5亿, actual 63.7亿 → 103.6%; December, so the whole plan is due.
        var key = await RowAsync(Zhuji, "key_project");
        Assert.Equal(13, key.GetProperty("sectionCount").GetInt32());
        Assert.Equal(615000m, key.GetProperty("plan").GetDecimal());
        Assert.Equal(637000m, key.GetProperty("ytdActual").GetDecimal());
        Assert.Equal(1.035772m, key.GetProperty("completionRate").GetDecimal());
        Assert.Equal(615000m, key.GetProperty("plannedToDate").GetDecimal());
        Assert.Equal(1m, key.GetProperty("timeElapsedProgress").GetDecimal());
        Assert.Equal(0.035772m, key.GetProperty("lag").GetDecimal());
        Assert.Equal("green", key.GetProperty("lagStatus").GetString());
        Assert.Equal(JsonValueKind.Null, key.GetProperty("task").ValueKind);
        Assert.Equal(1, key.GetProperty("rankByYtd").GetInt32());

        // 诸暨 effective investment: 61.4亿 against the task 39.8亿; 2022 was 361389 → +69.9%.
        var effective = await RowAsync(Zhuji, "effective");
        Assert.Equal(614000m, effective.GetProperty("ytdActual").GetDecimal());
        Assert.Equal(398000m, effective.GetProperty("task").GetDecimal());
        Assert.Equal(361389m, effective.GetProperty("previousYtd").GetDecimal());
        Assert.Equal(0.699000m, effective.GetProperty("yoyGrowth").GetDecimal());

        // 温岭 comprehensive 43.68亿: rail 8.38, road 34.78, and 0.52 in no named mode.
        Assert.Equal(436800m, (await RowAsync(Wenling, "comprehensive")).GetProperty("ytdActual").GetDecimal());
        Assert.Equal(83800m, (await RowAsync(Wenling, "comprehensive", "rail")).GetProperty("ytdActual").GetDecimal());
        Assert.Equal(347800m, (await RowAsync(Wenling, "comprehensive", "road")).GetProperty("ytdActual").GetDecimal());
        Assert.Equal(5200m, (await RowAsync(Wenling, "comprehensive", "other", "other")).GetProperty("ytdActual").GetDecimal());
        Assert.Equal(66000m, (await RowAsync(Wenling, "comprehensive", "rail", "railway")).GetProperty("ytdActual").GetDecimal());

        var findings = await GetAsync($"2023-12/findings?regionCode={Wenling}&kind=no_mode");
        var noMode = Assert.Single(findings.GetProperty("items").EnumerateArray());
        var message = noMode.GetProperty("message").GetString()!;
        Assert.Contains("WL-UNCLASSIFIED", message, StringComparison.Ordinal);
        Assert.Contains("5200", message, StringComparison.Ordinal);
        Assert.DoesNotContain(message, c => c > '\u2E7F');
        Assert.Equal(0, findings.GetProperty("countByKind").TryGetProperty("parts_do_not_add_up", out var n) ? n.GetInt32() : 0);
    }

    [Fact]
    public async Task Rollup_CitiesAndProvinces_AreTheSumsOfTheirChildren()
    {
        await RollUpAsync("2023-12");

        // Every city and province row equals the sum of the rows of its children with the same mode and scope.
        var mismatches = await JobPolling.QueryAsync(api.ConnectionString, """
            select p.region_code || ' ' || p.mode_category || '/' || p.mode || '/' || p.scope
            from rollup_rows p
            join (select parent_code, mode_category, mode, scope, sum(plan) as plan, sum(ytd_actual) as ytd, sum(month_actual) as month,
                         sum(previous_ytd) as previous, sum(planned_to_date) as planned, sum(section_count) as sections
                  from rollup_rows where year = 2023 and month = 12 group by 1, 2, 3, 4) c
              on c.parent_code = p.region_code and (c.mode_category, c.mode, c.scope) = (p.mode_category, p.mode, p.scope)
            where p.year = 2023 and p.month = 12
              and (c.plan, c.ytd, c.month, c.previous, c.planned, c.sections)
                  is distinct from (p.plan, p.ytd_actual, p.month_actual, p.previous_ytd, p.planned_to_date, p.section_count)
            """);
        Assert.Empty(mismatches);

        var shaoxing = await RowAsync(Shaoxing, "key_project");
        Assert.Equal("city", shaoxing.GetProperty("regionLevel").GetString());
        Assert.Equal(637000m, shaoxing.GetProperty("ytdActual").GetDecimal());
        var province = await RowAsync(Zhejiang, "comprehensive");
        Assert.Equal(333000m + 436800m, province.GetProperty("ytdActual").GetDecimal());
    }

    [Fact]
    public async Task GetRollup_Parent_ListsItsChildrenRankedByTheChosenMetric()
    {
        await RollUpAsync("2023-12");

        // 绍兴 (诸暨 654700 in all scopes) is ahead of 台州 (温岭 436800) on the year-to-date actual.
        var byYtd = await GetAsync($"2023-12?regionCode={Zhejiang}&rankBy=ytd");
        Assert.Equal(Zhejiang, byYtd.GetProperty("region").GetProperty("regionCode").GetString());
        // Every city of the province is listed (issue 9): 金华 has nothing counted in the seed, so it comes last, unranked.
        Assert.Equal(["330600", "331000", "330700"], byYtd.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("regionCode").GetString()));
        Assert.Equal([1, 2, null], byYtd.GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("rank").ValueKind == JsonValueKind.Null ? (int?)null : i.GetProperty("rank").GetInt32()));
        Assert.Equal(654700m, byYtd.GetProperty("items")[0].GetProperty("ytdActual").GetDecimal());

        // On completion 台州 leads: 436800 / 420000 = 104.0% against 绍兴's 654700 / 633500 = 103.3%.
        var byCompletion = await GetAsync($"2023-12?regionCode={Zhejiang}&rankBy=completion");
        Assert.Equal(["331000", "330600", "330700"], byCompletion.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("regionCode").GetString()));

        // No region: the provinces, each of them (山东 has no counted section in the seed: listed, unranked).
        var roots = await GetAsync("2023-12");
        Assert.Equal(JsonValueKind.Null, roots.GetProperty("region").ValueKind);
        Assert.Equal([Zhejiang, "370000"], roots.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("regionCode").GetString()));
        Assert.Equal(JsonValueKind.Null, roots.GetProperty("items")[1].GetProperty("rank").ValueKind);
    }

    [Fact]
    public async Task Rollup_Rerun_WritesExactlyTheSameRowsAndFindings()
    {
        await RollUpAsync("2023-12");
        var rows = await DumpRowsAsync(2023, 12);
        var findings = await DumpFindingsAsync(2023, 12);

        await RollUpAsync("2023-12");

        Assert.NotEmpty(rows);
        Assert.Equal(rows, await DumpRowsAsync(2023, 12));
        Assert.Equal(findings, await DumpFindingsAsync(2023, 12));
        Assert.Equal(["1"], await JobPolling.QueryAsync(api.ConnectionString, "select count(*) from rollup_runs where year = 2023 and month = 12"));
    }

    [Fact]
    public async Task Rollup_RerunAfterACorrection_RewritesOnlyChangedRowsAndEqualsAFreshRun()
    {
        var first = (await RollUpAsync("2023-11")).GetProperty("result");
        var rowCount = first.GetProperty("rowCount").GetInt32();
        Assert.Equal(0, (await RollUpAsync("2023-11")).GetProperty("result").GetProperty("rowsWritten").GetInt32());

        // One approved October report of 诸暨 grows by 100 万元: its county, city and province rows change, and maybe ranks.
        var id = (await JobPolling.QueryAsync(api.ConnectionString, $"""
            select r.id from monthly_reports r join sections s on s.id = r.section_id
            where s.region_code = '{Zhuji}' and r.year = 2023 and r.month = 10 and r.status = 'approved' order by r.id limit 1
            """)).Single();
        await JobPolling.ExecuteAsync(api.ConnectionString, $"update monthly_reports set month_actual = month_actual + 100 where id = {id}");
        try
        {
            var rerun = (await RollUpAsync("2023-11")).GetProperty("result");
            Assert.Equal(rowCount, rerun.GetProperty("rowCount").GetInt32());
            Assert.InRange(rerun.GetProperty("rowsWritten").GetInt32(), 3, rowCount - 1);
            var incremental = await DumpRowsAsync(2023, 11);

            await JobPolling.ExecuteAsync(api.ConnectionString, "delete from rollup_rows where year = 2023 and month = 11");
            Assert.Equal(rowCount, (await RollUpAsync("2023-11")).GetProperty("result").GetProperty("rowsWritten").GetInt32());
            Assert.Equal(await DumpRowsAsync(2023, 11), incremental);
        }
        finally
        {
            await JobPolling.ExecuteAsync(api.ConnectionString, $"update monthly_reports set month_actual = month_actual - 100 where id = {id}");
        }
    }

    [Fact]
    public async Task Rollup_RerunOverUnchangedReports_WritesNoRow_AndKeepsTheStoredFindings()
    {
        await RollUpAsync("2023-12");
        var rows = await DumpRowsAsync(2023, 12);
        var findingIds = await FindingIdsAsync(2023, 12);

        var rerun = (await RollUpAsync("2023-12")).GetProperty("result");

        Assert.Equal(0, rerun.GetProperty("rowsWritten").GetInt32());
        Assert.Equal(rows, await DumpRowsAsync(2023, 12));
        // The very findings the first run wrote, not equal ones written again: their ids are unchanged.
        Assert.NotEmpty(findingIds);
        Assert.Equal(findingIds, await FindingIdsAsync(2023, 12));
        Assert.Equal(["16 16"], await JobPolling.QueryAsync(api.ConnectionString,
            "select length(rows_fingerprint) || ' ' || length(findings_fingerprint) from rollup_runs where year = 2023 and month = 12"));
        Assert.Equal(["0"], await JobPolling.QueryAsync(api.ConnectionString,
            "select count(*) from rollup_rows where year = 2023 and month = 12 and fingerprint is null"));
    }

    [Fact]
    public async Task Rollup_FirstRun_ReplacesATableAFailedRunLeftBehind()
    {
        // What a run that died between building its new partition and swapping it in leaves: a table nobody reads.
        await JobPolling.ExecuteAsync(api.ConnectionString, """
            delete from rollup_rows where year = 2023 and month = 9;
            delete from rollup_runs where year = 2023 and month = 9;
            drop table if exists rollup_rows_y2023m09_next;
            create table rollup_rows_y2023m09_next (leftover integer);
            """);

        var first = (await RollUpAsync("2023-09")).GetProperty("result");

        Assert.True(first.GetProperty("rowCount").GetInt32() > 0);
        Assert.Equal(first.GetProperty("rowCount").GetInt32(), first.GetProperty("rowsWritten").GetInt32());
        Assert.Equal(["0"], await JobPolling.QueryAsync(api.ConnectionString,
            "select count(*) from pg_class where relname = 'rollup_rows_y2023m09_next'"));
        Assert.Equal(["rollup_rows"], await JobPolling.QueryAsync(api.ConnectionString,
            "select inhparent::regclass::text from pg_inherits where inhrelid = 'rollup_rows_y2023m09'::regclass"));
        Assert.Equal([first.GetProperty("rowCount").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture)],
            await JobPolling.QueryAsync(api.ConnectionString, "select count(*) from rollup_rows where year = 2023 and month = 9"));
    }

    private Task<List<string>> FindingIdsAsync(int year, int month) => JobPolling.QueryAsync(api.ConnectionString,
        $"select id::text from data_quality_findings where year = {year} and month = {month} order by id");

    [Fact]
    public async Task Rollup_KilledMidRun_RollsBackAndTheRetryWritesTheSameRows()
    {
        await RollUpAsync("2023-12");
        var before = await DumpRowsAsync(2023, 12);

        // Hold monthly_reports so the next run stops inside its transaction, reading the period's sections.
        await using var blocker = new NpgsqlConnection(api.ConnectionString);
        await blocker.OpenAsync();
        string location;
        await using (var hold = await blocker.BeginTransactionAsync())
        {
            await using (var lockTable = new NpgsqlCommand("lock table monthly_reports in access exclusive mode", blocker, hold))
            {
                await lockTable.ExecuteNonQueryAsync();
            }
            var response = await api.Client.PostJsonAsync("/api/v1/rollups", new { period = "2023-12" });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            location = response.Headers.Location!.ToString();

            var pid = await WaitForBlockedRollupAsync();
            // Everyone else still reads the period's rows as they were.
            Assert.Equal(before, await DumpRowsAsync(2023, 12));
            await JobPolling.ExecuteAsync(api.ConnectionString, $"select pg_terminate_backend({pid})");
            await hold.RollbackAsync();

        }

        // A terminated connection is a passing fault: the job is tried again (Hangfire's retry) and writes the same rows.
        var retried = await JobPolling.WaitAsync(api.Client, location);
        JobPolling.AssertSucceeded(retried);
        Assert.Equal(2, retried.GetProperty("attempts").GetInt32());
        Assert.Equal(before, await DumpRowsAsync(2023, 12));
    }

    private async Task<int> WaitForBlockedRollupAsync()
    {
        var deadline = DateTime.UtcNow + JobPolling.Timeout;
        while (true)
        {
            var pids = await JobPolling.QueryAsync(api.ConnectionString, """
                select pid from pg_stat_activity
                where datname = current_database() and wait_event_type = 'Lock' and query like '%roll-up: the period''s sections%'
                """);
            if (pids.Count == 1)
            {
                return int.Parse(pids[0], System.Globalization.CultureInfo.InvariantCulture);
            }
            Assert.True(DateTime.UtcNow < deadline, "The roll-up never reached the locked table.");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Rollup_PeriodWithoutData_IsAValidEmptyRun()
    {
        var job = await RollUpAsync("2021-06");
        Assert.Equal(0, job.GetProperty("result").GetProperty("rowCount").GetInt32());

        var rollup = await GetAsync("2021-06?regionCode=330681");
        Assert.Equal(JsonValueKind.Null, rollup.GetProperty("region").ValueKind);
        Assert.Empty(rollup.GetProperty("items").EnumerateArray());
        Assert.Equal(job.GetProperty("id").GetGuid(), rollup.GetProperty("jobId").GetGuid());
    }

    [Fact]
    public async Task GetRollup_PeriodNeverRolledUp_Returns404SayingHowToComputeIt()
    {
        var problem = await (await api.Client.GetAsync("/api/v1/rollups/2019-05")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("POST /api/v1/rollups", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await (await api.Client.GetAsync("/api/v1/rollups/2019-05/findings")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"period":"2023-13"}""")]
    [InlineData("""{"period":"2023-7"}""")]
    [InlineData("""{"period":"2024-02"}""")]
    [InlineData("""{}""")]
    public async Task StartRollup_BadPeriod_Returns400NamingPeriod(string body)
    {
        await (await api.Client.PostRawAsync("/api/v1/rollups", body)).AssertProblemAsync(HttpStatusCode.BadRequest, "period");
    }

    [Fact]
    public async Task GetRollup_BadFilters_Return400NamingEachField()
    {
        var response = await api.Client.GetAsync("/api/v1/rollups/2023-12?scope=everything&modeCategory=road&mode=railway&rankBy=size&regionCode=999999");
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "scope", "mode", "rankBy", "regionCode");
    }
}
