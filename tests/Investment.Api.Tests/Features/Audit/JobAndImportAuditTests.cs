using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Hangfire;
using Investment.Api.Data;
using Investment.Api.Features.Imports;
using Investment.Api.Features.Jobs;
using Investment.Api.Tests.Features.Imports;
using Investment.Api.Tests.Features.Jobs;
using Investment.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Investment.Api.Tests.Features.Audit;

/// <summary>
/// Writes that do not come from a plain PUT: an Excel upload and a roll-up (run by a job on a scheduler thread, on its
/// own connection) are recorded under the user who asked for them, and a scheduled roll-up under system:scheduler.
/// </summary>
public sealed class JobAndImportAuditTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    private async Task<List<JsonElement>> AuditAsync(string query)
    {
        var page = await (await api.Client.GetAsync($"/api/v1/audit?{query}&pageSize=500")).ReadAsync<JsonElement>();
        return page.GetProperty("items").EnumerateArray().ToList();
    }

    [Fact]
    public async Task AnUpload_IsRecordedUnderTheUploader_RowByRow()
    {
        var first = await api.NewPlannedSectionAsync("JA-IMP-1");
        var second = await api.NewPlannedSectionAsync("JA-IMP-2");
        var (email, password) = await api.CreateUserAsync(Roles.Headquarters, sectionIds: [first, second]);
        var hq = await api.SignInAsync(email, password);
        var template = await (await hq.GetAsync(ImportFiles.TemplateUrl())).Content.ReadAsByteArrayAsync();
        var file = ImportFiles.Fill(ImportFiles.Fill(template, first, 11m), second, 22m, submit: "是");
        var content = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue(MonthlyReportTemplateWriter.ContentType);
        content.Add(part, "file", "月报.xlsx");

        await (await hq.PostAsync(ImportFiles.UploadUrl(), content)).ReadAsync<JsonElement>();

        await using var db = api.CreateDb();
        var reports = await db.MonthlyReports.AsNoTracking()
            .Where(r => (r.SectionId == first || r.SectionId == second) && r.Year == 2023 && r.Month == 12).ToListAsync();
        Assert.Equal(2, reports.Count);
        foreach (var report in reports)
        {
            var entries = await AuditAsync($"table=monthly_reports&rowKey={report.Id.ToString(CultureInfo.InvariantCulture)}");
            var insert = Assert.Single(entries);
            Assert.Equal(email, insert.GetProperty("actor").GetString());
            Assert.Equal("insert", insert.GetProperty("action").GetString());
            Assert.Equal(report.MonthActual, insert.GetProperty("after").GetProperty("month_actual").GetDecimal());
            Assert.Equal(report.SectionId == second ? "submitted" : "draft", insert.GetProperty("after").GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task ARollup_IsRecordedUnderItsStarter_AndAScheduledOneUnderTheScheduler()
    {
        var (email, password) = await api.CreateUserAsync(Roles.Planning, regionCodes: ["330681"]);
        var planner = await api.SignInAsync(email, password);

        JobPolling.AssertSucceeded(await JobPolling.RunAsync(planner, "/api/v1/rollups", new { period = "2023-11" }));
        JobPolling.AssertSucceeded(await JobPolling.RunAsync(planner, "/api/v1/rollups", new { period = "2023-11" }));

        // A rerun replaces the period's run: deleted and inserted again, both by the planner.
        var byPlanner = await AuditAsync("table=rollup_runs&rowKey=2023/11");
        Assert.Equal(["insert", "delete", "insert"], byPlanner.Select(e => e.GetProperty("action").GetString()));
        Assert.All(byPlanner, e => Assert.Equal(email, e.GetProperty("actor").GetString()));
        var jobId = byPlanner[0].GetProperty("after").GetProperty("job_id").GetGuid();
        await using (var db = api.CreateDb())
        {
            Assert.Equal(db.Users.Single(u => u.Email == email).Id, db.Jobs.Single(j => j.Id == jobId).CreatedBy);
        }

        // What the recurring roll-up does when it runs: a job recorded as the scheduler's, run on a job server.
        var scheduled = Guid.CreateVersion7();
        await using (var db = api.CreateDb())
        {
            await JobQueue.RecordAsync(db, JobKinds.Rollup, new { period = "2023-10" }, scheduled, RunQueuedJob.SchedulerActor,
                CancellationToken.None);
        }
        JobQueue.Enqueue(api.Services.GetRequiredService<IBackgroundJobClient>(),
            api.Services.GetRequiredKeyedService<QueuedJobKind>(JobKinds.Rollup), scheduled);
        JobPolling.AssertSucceeded(await JobPolling.WaitAsync(api.Client, $"/api/v1/jobs/{scheduled}"));

        var byScheduler = Assert.Single(await AuditAsync("table=rollup_runs&rowKey=2023/10"));
        Assert.Equal("system:scheduler", byScheduler.GetProperty("actor").GetString());
        Assert.Equal(scheduled, byScheduler.GetProperty("after").GetProperty("job_id").GetGuid());
    }
}
