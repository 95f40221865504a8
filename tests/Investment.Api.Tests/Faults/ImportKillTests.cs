using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Investment.Api.Features.Imports;
using Investment.Api.Tests.Features.Imports;
using Investment.Api.Tests.Features.Jobs;
using Investment.Api.Tests.Infrastructure;

namespace Investment.Api.Tests.Faults;

/// <summary>
/// The app killed (SIGKILL) while a large Excel upload's transaction is open: nothing of the upload is committed, and
/// once the app is back the same file goes in whole, once.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ImportKillTests
{
    private const int SectionCount = 1000;
    /// <summary>
    /// 新昌, a county with no seeded section: since issue 11 a section owes its months plan or no plan, so 诸暨's seeded
    /// sections (no 2024 plan) would be listed in the template too, with progress the filled rows would go below.
    /// </summary>
    private const string Region = "330624";
    private const string Period = "2024-06";

    /// <summary>Every revision of the period: section, revision number, amount.</summary>
    private const string StoredSql =
        "select section_id || ' ' || revision || ' ' || month_actual from monthly_reports where year = 2024 and month = 6 order by section_id, revision";

    [Fact]
    public async Task KilledMidImport_NothingCommitted_AndTheSameUploadThenSucceedsOnce()
    {
        var database = await TestCluster.CreateDatabaseAsync(seeded: true);
        try
        {
            await JobPolling.ExecuteAsync(database, ArrangeSql);
            byte[] file;
            List<(long SectionId, decimal Amount)> amounts;
            await using (var app = await AppProcess.StartAsync(AppProcess.Settings(database)))
            {
                var template = await app.Client.GetAsync(ImportFiles.TemplateUrl(Region, Period));
                Assert.True(template.IsSuccessStatusCode, await template.Content.ReadAsStringAsync());
                (file, amounts) = Fill(await template.Content.ReadAsByteArrayAsync());
                Assert.Equal(SectionCount, amounts.Count);

                // The last row's month already has a draft in the test's open transaction, so the upload writes every row
                // before it and then waits on the unique index, with its own transaction open and hundreds of rows in it.
                var lastSection = amounts[^1].SectionId;
                await using var blocker = await Blocker.HoldAsync(database,
                    $"insert into monthly_reports (section_id, year, month, revision, status, month_actual) values ({lastSection}, 2024, 6, 1, 'draft', 0)");
                var upload = UploadAsync(app.Client, file);
                var waiter = await Sessions.WaitForWaiterAsync(database, blocker, () => app.Output);
                Assert.Contains("monthly_reports", waiter.Query, StringComparison.OrdinalIgnoreCase);
                Assert.True(waiter.HasWritten, "The upload's transaction has written rows before it was stopped.");
                Assert.False(upload.IsCompleted);

                await app.KillAsync();
                await Assert.ThrowsAnyAsync<HttpRequestException>(() => upload);
                // The orphaned session goes on once released, and ends (rolled back) when it finds its client gone.
                await blocker.ReleaseAsync();
                await Sessions.WaitUntilGoneAsync(database, waiter.ProcessId);
            }
            Assert.Empty(await JobPolling.QueryAsync(database, StoredSql));

            await using var restarted = await AppProcess.StartAsync(AppProcess.Settings(database));
            var result = await (await UploadAsync(restarted.Client, file)).ReadAsync<JsonElement>();
            Assert.Equal(SectionCount, result.GetProperty("created").GetInt32());
            Assert.Equal(SectionCount / 10, result.GetProperty("submitted").GetInt32());

            // Exactly one revision per section, each with the figure its row held.
            var stored = await JobPolling.QueryAsync(database, StoredSql);
            var expected = amounts.OrderBy(a => a.SectionId)
                .Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.SectionId} 1 {a.Amount:0.0000}")).ToList();
            Assert.Equal(expected, stored);

            // A client that sends the file yet again changes nothing: the months it submitted are no longer open.
            var (_, errors) = await (await UploadAsync(restarted.Client, file)).AssertImportProblemAsync(HttpStatusCode.BadRequest);
            Assert.Equal(SectionCount / 10, errors.Count(e => e.GetProperty("code").GetString() == ImportCodes.SubmittedMonth));
            Assert.Equal(expected, await JobPolling.QueryAsync(database, StoredSql));
        }
        finally
        {
            await TestCluster.DropDatabaseAsync(database);
        }
    }

    /// <summary>Projects with one section each in the county, reporting from 2024-01 with a 2024 plan: the template lists them all.</summary>
    private static readonly string ArrangeSql = $"""
        insert into projects (code, name, mode, region_code, total_investment)
        select 'FAULT-' || lpad(g::text, 5, '0'), '故障测试项目' || g, 'rural_road', '{Region}', 1000 from generate_series(1, {SectionCount}) g;
        insert into sections (project_id, region_code, name, apportioned_investment, active_from)
        select id, region_code, name || '标段', 1000, date '2024-01-01' from projects where code like 'FAULT-%';
        insert into annual_plans (section_id, year, planned_investment)
        select s.id, 2024, 600 from sections s join projects p on p.id = s.project_id where p.code like 'FAULT-%';
        """;

    /// <summary>Fills every row (every tenth marked for submission); returns the file and each section's amount, in row order.</summary>
    private static (byte[] File, List<(long SectionId, decimal Amount)> Amounts) Fill(byte[] template)
    {
        var amounts = new List<(long SectionId, decimal Amount)>();
        var file = ImportFiles.Edit(template, sheet =>
        {
            var rows = sheet.SectionRows();
            for (var i = 0; i < rows.Count; i++)
            {
                var (sectionId, row) = rows[i];
                var amount = 1m + ((i % 400) * 0.25m);
                SheetEditor.Set(row, MonthlyReportSheet.MonthActual.Letter, CellSpec.Number(amount));
                SheetEditor.Set(row, MonthlyReportSheet.PhysicalProgress.Letter, CellSpec.Number(i % 100));
                SheetEditor.Set(row, MonthlyReportSheet.Narrative.Letter, CellSpec.Text($"第{i + 1}行：路基土石方施工"));
                if (i % 10 == 0)
                {
                    SheetEditor.Set(row, MonthlyReportSheet.Submit.Letter, CellSpec.Text("是"));
                }
                amounts.Add((sectionId, amount));
            }
        });
        return (file, amounts);
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] file)
    {
        var content = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue(MonthlyReportTemplateWriter.ContentType);
        content.Add(part, "file", "月报.xlsx");
        return client.PostAsync(ImportFiles.UploadUrl(Region, Period), content);
    }
}
