using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Hangfire;
using Investment.Api.Data;
using Investment.Api.Features.Exports;
using Investment.Api.Features.Jobs;
using Investment.Api.Tests.Excel;
using Investment.Api.Tests.Features.Jobs;
using Investment.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Investment.Api.Tests.Features.Exports;

/// <summary>
/// Exports run as jobs on the seed: POST → 202 → poll → download, compared cell by cell with what the GET answers for
/// the same query; the file served by another instance, expired, or never written because the job failed.
/// </summary>
public sealed class ExportJobTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    [Theory]
    [InlineData("county-ranking", "regionCode=330600&period=2023-12&scope=effective&rankBy=completion")]
    [InlineData("project-detail", "regionCode=330681&period=2023-12")]
    [InlineData("land-issues", "regionCode=330681&status=overdue")]
    [InlineData("mode-breakdown", "regionCode=331081&period=2023-12&scope=comprehensive")]
    [InlineData("data-quality", "period=2023-12")]
    public async Task PostedExport_RunsAsAJob_AndItsFileHoldsWhatTheGetAnswers(string kind, string query)
    {
        await EnsureRolledUpAsync("2023-12");
        var url = $"/api/v1/exports/{kind}?{query}";
        var get = await api.Client.GetAsync(url);
        using var expected = await ExportEndpointsTests.OpenAsync(get);

        var job = await RunExportAsync(url);
        JobPolling.AssertSucceeded(job);
        // The parameters are the query string as sent, nothing more.
        var parameters = job.GetProperty("parameters");
        Assert.Equal(kind, parameters.GetProperty("export").GetString());
        Assert.Equal(["export", "period", "rankBy", "regionCode", "scope", "status"],
            parameters.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(1m, job.GetProperty("progress").GetDecimal());
        var result = job.GetProperty("result");
        var download = await api.Client.GetAsync(result.GetProperty("downloadUrl").GetString());
        using var actual = await ExportEndpointsTests.OpenAsync(download);

        Assert.Equal(expected.SheetNames, actual.SheetNames);
        Assert.Equal(expected.Values(1), actual.Values(1));
        Assert.Equal(expected.MergedRanges(), actual.MergedRanges());
        Assert.Equal(expected.AutoFilter(), actual.AutoFilter());
        // The rows under the header, which is frozen: the pane's top-left cell is the first of them, wherever the head ends.
        var firstRow = int.Parse(actual.Pane()!.TopLeftCell!.Value![1..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(actual.Values(firstRow).Count, result.GetProperty("rowCount").GetInt32());
        Assert.Equal(get.Content.Headers.ContentDisposition!.FileNameStar, result.GetProperty("fileName").GetString());
        Assert.Equal(get.Content.Headers.ContentDisposition!.FileName, result.GetProperty("asciiFileName").GetString());
        Assert.Equal(get.Content.Headers.ContentDisposition!.FileNameStar, download.Content.Headers.ContentDisposition!.FileNameStar);
    }

    [Fact]
    public async Task ProjectDetailJob_ResultDescribesTheStoredFile_AndTheDownloadIsAnAttachmentWithAChineseName()
    {
        var job = await RunExportAsync("/api/v1/exports/project-detail?regionCode=330681&period=2023-12&scope=all");
        JobPolling.AssertSucceeded(job);
        var id = job.GetProperty("id").GetGuid();
        var result = job.GetProperty("result");
        Assert.Equal("诸暨市2023年1-12月交通投资（全口径）项目明细.xlsx", result.GetProperty("fileName").GetString());
        Assert.Equal("project-detail-330681-2023-12-all.xlsx", result.GetProperty("asciiFileName").GetString());
        Assert.Equal(Xlsx, result.GetProperty("contentType").GetString());
        Assert.Equal(20, result.GetProperty("rowCount").GetInt32());
        Assert.Equal(ApiFixture.Now.AddDays(7), result.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal($"/api/v1/jobs/{id}/file", result.GetProperty("downloadUrl").GetString());

        var response = await api.Client.GetAsync($"/api/v1/jobs/{id}/file");
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Xlsx, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.Equal(body.Length, result.GetProperty("sizeBytes").GetInt64());
        // RFC 5987: UTF-8, percent-encoded, next to a plain ASCII name for old clients.
        var disposition = response.Content.Headers.GetValues("Content-Disposition").Single();
        Assert.StartsWith("attachment; filename=project-detail-330681-2023-12-all.xlsx; filename*=UTF-8''", disposition, StringComparison.Ordinal);
        Assert.Contains(Uri.EscapeDataString("诸暨市"), disposition, StringComparison.Ordinal);
        Assert.Equal("诸暨市2023年1-12月交通投资（全口径）项目明细.xlsx", response.Content.Headers.ContentDisposition!.FileNameStar);

        Assert.Equal([body.Length.ToString(CultureInfo.InvariantCulture)],
            await JobPolling.QueryAsync(api.ConnectionString, $"select octet_length(content) from export_files where job_id = '{id}'"));
        using var book = XlsxReadBack.Of(body);
        Assert.Equal("诸暨市 2023年1-12月 交通投资（全口径） 项目明细", book.Text("A1"));
    }

    [Fact]
    public async Task ExportJob_RunsWithItsStartersScope_AndOnlyTheyAndAdministratorsSeeItOrItsFile()
    {
        // A planner of 诸暨 ranks 绍兴's counties (a county's callers see their city's ranking) and lists 诸暨's projects.
        var zhuji = await api.ClientForAsync(Roles.Planning, regionCodes: ["330681"]);
        var wenling = await api.ClientForAsync(Roles.Planning, regionCodes: ["331081"]);
        await EnsureRolledUpAsync("2023-12");
        foreach (var url in new[]
                 {
                     "/api/v1/exports/county-ranking?regionCode=330600&period=2023-12&scope=effective",
                     "/api/v1/exports/project-detail?regionCode=330681&period=2023-12",
                 })
        {
            using var expected = await ExportEndpointsTests.OpenAsync(await zhuji.GetAsync(url));
            var response = await zhuji.PostAsync(url, content: null);
            await response.ReadAsync<JsonElement>(HttpStatusCode.Accepted);
            var location = response.Headers.Location!.ToString();
            var job = await JobPolling.WaitAsync(zhuji, location);
            JobPolling.AssertSucceeded(job);
            var file = job.GetProperty("result").GetProperty("downloadUrl").GetString()!;
            using var actual = await ExportEndpointsTests.OpenAsync(await zhuji.GetAsync(file));
            Assert.Equal(expected.Values(1), actual.Values(1));

            await (await wenling.GetAsync(location)).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await wenling.GetAsync(file)).AssertProblemAsync(HttpStatusCode.NotFound);
            Assert.Equal(HttpStatusCode.OK, (await api.Client.GetAsync(file)).StatusCode);
        }

        // Out of the starter's scope, the region reads as unknown, exactly as the GET says.
        await (await wenling.PostAsync("/api/v1/exports/project-detail?regionCode=330681&period=2023-12", content: null))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "regionCode");
    }

    [Fact]
    public async Task FileWrittenByOneInstance_IsServedByAnother()
    {
        var job = await RunExportAsync("/api/v1/exports/land-issues?regionCode=330681");
        JobPolling.AssertSucceeded(job);
        var url = job.GetProperty("result").GetProperty("downloadUrl").GetString()!;
        var first = await api.Client.GetAsync(url);
        var firstBytes = await first.Content.ReadAsByteArrayAsync();

        // Started after the job finished, so it cannot have run it: the file reaches it through the database only (the
        // job's temporary file was deleted when it closed).
        await using var second = api.CreateFactory();
        using var client = second.CreateClient();
        // Signed in on the second instance: the key ring is shared through the database too.
        var tokens = await ApiFixture.LoginAsync(client, ApiFixture.AdminEmail, api.AdminPassword);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
        var response = await client.GetAsync(url);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(firstBytes, bytes);
        Assert.Equal(first.Content.Headers.ContentDisposition?.ToString(), response.Content.Headers.ContentDisposition?.ToString());
        using var book = XlsxReadBack.Of(bytes);
        Assert.Equal(387, book.Values(8).Count); // title, 制表单位, date line, summary block (3 rows), header
    }

    [Fact]
    public async Task ExpiredFile_Answers410_AndTheCleanUpDeletesOnlyExpiredFiles()
    {
        var expired = (await RunExportAsync("/api/v1/exports/project-detail?regionCode=330681&period=2023-06")).GetProperty("id").GetGuid();
        var kept = (await RunExportAsync("/api/v1/exports/project-detail?regionCode=330681&period=2023-07")).GetProperty("id").GetGuid();
        var minuteAgo = ApiFixture.Now.AddMinutes(-1).ToString("O", CultureInfo.InvariantCulture);
        await JobPolling.ExecuteAsync(api.ConnectionString,
            $"update export_files set created_at = expires_at - interval '8 days', expires_at = '{minuteAgo}' where job_id = '{expired}'");

        var gone = await (await api.Client.GetAsync($"/api/v1/jobs/{expired}/file")).AssertProblemAsync(HttpStatusCode.Gone);
        Assert.Contains("expired", gone.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await api.Client.GetAsync($"/api/v1/jobs/{kept}/file")).StatusCode);

        // What the recurring clean-up job does (ClusteredSchedulingTests fires it on its schedule).
        var deleted = await api.Services.GetRequiredService<ExportFileStore>().DeleteExpiredAsync(ApiFixture.Now, CancellationToken.None);
        Assert.Equal(1, deleted);
        Assert.Equal(["0", "1"], await JobPolling.QueryAsync(api.ConnectionString,
            $"select count(*) from export_files where job_id = '{expired}' union all select count(*) from export_files where job_id = '{kept}'"));
        await (await api.Client.GetAsync($"/api/v1/jobs/{expired}/file")).AssertProblemAsync(HttpStatusCode.Gone);
        Assert.Equal(HttpStatusCode.OK, (await api.Client.GetAsync($"/api/v1/jobs/{kept}/file")).StatusCode);
    }

    [Fact]
    public async Task FileStoredAgainForTheSameJob_ReplacesTheFirst()
    {
        // What a job recovered after a crash does: it writes its file again, and the download serves the last one.
        var job = await RunExportAsync("/api/v1/exports/land-issues?regionCode=330681&status=resolved");
        var id = job.GetProperty("id").GetGuid();
        var store = api.Services.GetRequiredService<ExportFileStore>();
        var again = new StoredExportFile(id, "再次.xlsx", "again.xlsx", Xlsx, 3, 1, ApiFixture.Now, ApiFixture.Now.AddDays(1));
        await store.SaveAsync(again, new MemoryStream([1, 2, 3]), CancellationToken.None);

        var response = await api.Client.GetAsync($"/api/v1/jobs/{id}/file");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new byte[] { 1, 2, 3 }, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("再次.xlsx", response.Content.Headers.ContentDisposition!.FileNameStar);
        Assert.Equal(["1"], await JobPolling.QueryAsync(api.ConnectionString, $"select count(*) from export_files where job_id = '{id}'"));
    }

    [Fact]
    public async Task BadQueries_Answer400NamingEachField_AndStartNoJob()
    {
        var before = await ExportJobCountAsync();
        await (await Post("county-ranking?regionCode=999999&period=2023-13&scope=everything&rankBy=size"))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "regionCode", "period", "scope", "rankBy");
        await (await Post("county-ranking?regionCode=330681&period=2023-12")).AssertProblemAsync(HttpStatusCode.BadRequest, "regionCode");
        await (await Post("project-detail?period=2023-12")).AssertProblemAsync(HttpStatusCode.BadRequest, "regionCode");
        await (await Post("project-detail?regionCode=330681&period=2024-02")).AssertProblemAsync(HttpStatusCode.BadRequest, "period");
        await (await Post("land-issues?regionCode=330681&status=pending")).AssertProblemAsync(HttpStatusCode.BadRequest, "status");
        await (await Post("mode-breakdown?regionCode=331081")).AssertProblemAsync(HttpStatusCode.BadRequest, "period");
        await (await Post("data-quality?period=23-12&regionCode=1")).AssertProblemAsync(HttpStatusCode.BadRequest, "period", "regionCode");
        var notRolledUp = await (await Post("mode-breakdown?regionCode=331081&period=2023-03")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("Not rolled up yet", notRolledUp.GetProperty("title").GetString());
        Assert.Equal(before, await ExportJobCountAsync());
    }

    [Fact]
    public async Task ExportFailingOnTheWay_MarksTheJobFailed_AndLeavesNoFile()
    {
        // The database refuses the file, as a full disk or a dropped connection would.
        await JobPolling.ExecuteAsync(api.ConnectionString, """
            create function refuse_export_file() returns trigger language plpgsql as $$
            begin raise exception 'no space left for export files (test)'; end $$;
            create trigger refuse_export_file before insert or update on export_files for each row execute function refuse_export_file();
            """);
        JsonElement job;
        try
        {
            job = await RunExportAsync("/api/v1/exports/project-detail?regionCode=330600&period=2023-12");
        }
        finally
        {
            await JobPolling.ExecuteAsync(api.ConnectionString,
                "drop trigger refuse_export_file on export_files; drop function refuse_export_file();");
        }

        var id = job.GetProperty("id").GetGuid();
        Assert.Equal("failed", job.GetProperty("status").GetString());
        Assert.Contains($"logged under job id {id}", job.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, job.GetProperty("result").ValueKind);
        Assert.Equal(["0"], await JobPolling.QueryAsync(api.ConnectionString, $"select count(*) from export_files where job_id = '{id}'"));
        var problem = await (await api.Client.GetAsync($"/api/v1/jobs/{id}/file")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("failed", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RollupGoneBeforeTheJobRuns_FailsTheJobWithTheReason()
    {
        await EnsureRolledUpAsync("2023-11");
        // The job a POST of the export starts as it would be if the roll-up went between the POST and the job's start: queued, then run.
        var id = await QueueUnstartedAsync("mode-breakdown", "331081", "2023-11", "comprehensive");
        await JobPolling.ExecuteAsync(api.ConnectionString, "delete from rollup_runs where year = 2023 and month = 11");
        JobQueue.Enqueue(api.Services.GetRequiredService<IBackgroundJobClient>(),
            api.Services.GetRequiredKeyedService<QueuedJobKind>(JobKinds.Export), id);
        var location = $"/api/v1/jobs/{id}";

        var job = await JobPolling.WaitAsync(api.Client, location);
        Assert.Equal("failed", job.GetProperty("status").GetString());
        Assert.Contains("2023-11 has not been rolled up yet", job.GetProperty("error").GetString(), StringComparison.Ordinal);
        // Its own parameters fail it: not retried.
        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
        // The job kept its error in both languages; the reader's Accept-Language picks one.
        using (var chinese = new HttpRequestMessage(HttpMethod.Get, location))
        {
            chinese.Headers.AcceptLanguage.ParseAdd("zh-CN");
            var read = await (await api.Client.SendAsync(chinese)).ReadAsync<JsonElement>();
            Assert.Equal("2023-11尚未汇总，请先运行该月的汇总。", read.GetProperty("error").GetString());
        }
        Assert.Equal(["0"], await JobPolling.QueryAsync(api.ConnectionString,
            $"select count(*) from export_files where job_id = '{job.GetProperty("id").GetGuid()}'"));
    }

    [Fact]
    public async Task DownloadOfAJobWithoutAFile_AnswersWhy()
    {
        await (await api.Client.GetAsync($"/api/v1/jobs/{Guid.NewGuid()}/file")).AssertProblemAsync(HttpStatusCode.NotFound);
        var reminder = await JobPolling.RunAsync(api.Client, "/api/v1/reminders/missing-reports", new { period = "2023-12" });
        await (await api.Client.GetAsync($"/api/v1/jobs/{reminder.GetProperty("id").GetGuid()}/file"))
            .AssertProblemAsync(HttpStatusCode.NotFound);

        // Still queued: no job server has been given it.
        var queued = await QueueUnstartedAsync("land-issues", "330681", null, null);
        var read = await (await api.Client.GetAsync($"/api/v1/jobs/{queued}")).ReadAsync<JsonElement>();
        Assert.Equal("queued", read.GetProperty("status").GetString());
        var problem = await (await api.Client.GetAsync($"/api/v1/jobs/{queued}/file")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("still queued", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    /// <summary>An export job's row as a POST by the administrator writes it, without the Hangfire job that would run it.</summary>
    private async Task<Guid> QueueUnstartedAsync(string export, string regionCode, string? period, string? scope)
    {
        var id = Guid.CreateVersion7();
        await using var db = api.CreateDb();
        var admin = await db.Users.Where(u => u.Email == ApiFixture.AdminEmail).Select(u => u.Id).SingleAsync();
        await JobQueue.RecordAsync(db, JobKinds.Export, new ExportJobParameters(export, regionCode, period, scope, null, null), id, admin,
            CancellationToken.None);
        return id;
    }

    private Task<HttpResponseMessage> Post(string pathAndQuery) => api.Client.PostAsync($"/api/v1/exports/{pathAndQuery}", content: null);

    /// <summary>POSTs the export's URL, asserts 202 with the job's Location, and polls the job to its end.</summary>
    private async Task<JsonElement> RunExportAsync(string url)
    {
        var response = await api.Client.PostAsync(url, content: null);
        var accepted = await response.ReadAsync<JsonElement>(HttpStatusCode.Accepted);
        Assert.Equal("export", accepted.GetProperty("kind").GetString());
        var location = response.Headers.Location?.ToString();
        Assert.Equal($"/api/v1/jobs/{accepted.GetProperty("id").GetGuid()}", location);
        return await JobPolling.WaitAsync(api.Client, location!);
    }

    private async Task<int> ExportJobCountAsync() => int.Parse(
        (await JobPolling.QueryAsync(api.ConnectionString, "select count(*) from jobs where kind = 'export'")).Single(), CultureInfo.InvariantCulture);

    /// <summary>The real roll-up of the seed for the period (tests in a class share the database; it runs once).</summary>
    private async Task EnsureRolledUpAsync(string period)
    {
        var (year, month) = (period[..4], period[5..]);
        var runs = await JobPolling.QueryAsync(api.ConnectionString, $"select count(*) from rollup_runs where year = {year} and month = {month}");
        if (runs.Single() == "0")
        {
            JobPolling.AssertSucceeded(await JobPolling.RunAsync(api.Client, "/api/v1/rollups", new { period }));
        }
    }
}

/// <summary>The seed behind an API that writes at most 10 rows while a client waits.</summary>
public sealed class SmallSynchronousLimitFixture : ApiFixture
{
    protected override bool Seeded => true;

    protected override void Configure(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder) =>
        builder.UseSetting("Exports:SynchronousMaxRows", "10");
}

public sealed class SynchronousLimitTests(SmallSynchronousLimitFixture api) : IClassFixture<SmallSynchronousLimitFixture>
{
    [Fact]
    public async Task GetOverTheLimit_Answers409PointingAtThePost_WhichWritesEveryRow()
    {
        const string url = "/api/v1/exports/project-detail?regionCode=330681&period=2023-12";
        var problem = await (await api.Client.GetAsync(url)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(20, problem.GetProperty("rowCount").GetInt32());
        Assert.Equal(10, problem.GetProperty("synchronousMaxRows").GetInt32());
        Assert.Equal("POST", problem.GetProperty("startJob").GetProperty("method").GetString());
        var href = problem.GetProperty("startJob").GetProperty("href").GetString()!;
        Assert.Equal(url, href);

        var response = await api.Client.PostAsync(href, content: null);
        await response.ReadAsync<JsonElement>(HttpStatusCode.Accepted);
        var job = await JobPolling.WaitAsync(api.Client, response.Headers.Location!.ToString());
        JobPolling.AssertSucceeded(job);
        Assert.Equal(20, job.GetProperty("result").GetProperty("rowCount").GetInt32());
    }

    [Fact]
    public async Task GetWithinTheLimit_IsAnsweredAtOnce()
    {
        await using var db = api.CreateDb();
        // A county of the seed with a handful of sections.
        var small = await db.Sections.GroupBy(s => s.RegionCode).Select(g => new { Code = g.Key, Count = g.Count() })
            .Where(g => g.Count <= 10).OrderByDescending(g => g.Count).FirstAsync();
        var response = await api.Client.GetAsync($"/api/v1/exports/project-detail?regionCode={small.Code}&period=2023-12");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var book = XlsxReadBack.Of(await response.Content.ReadAsByteArrayAsync());
        Assert.InRange(book.Values(5).Count, 0, small.Count);
    }
}
