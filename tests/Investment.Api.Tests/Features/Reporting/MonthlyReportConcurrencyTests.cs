using System.Net;
using System.Text.Json;
using Investment.Api.Tests.Infrastructure;

namespace Investment.Api.Tests.Features.Reporting;

/// <summary>Two clients at once: one wins, the other is told (409/412/428) and nothing is silently overwritten.</summary>
public sealed class MonthlyReportConcurrencyTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    private const int Rounds = 8;

    [Fact]
    public async Task Put_TwoClientsWithTheSameIfMatch_ExactlyOneWinsAndItsValueIsStored()
    {
        var (_, sectionId) = await api.NewSectionAsync("RC-LOST");
        var created = await api.PutReportAsync(sectionId, "2023-10", new { monthActual = 1m });
        var etag = ReportingArrange.ETag(created);

        for (var round = 0; round < Rounds; round++)
        {
            var a = 1000m + round;
            var b = 2000m + round;
            var responses = await Task.WhenAll(
                api.PutReportAsync(sectionId, "2023-10", new { monthActual = a }, etag),
                api.PutReportAsync(sectionId, "2023-10", new { monthActual = b }, etag));

            var winners = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
            var losers = responses.Where(r => r.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict).ToList();
            Assert.True(winners.Count == 1 && losers.Count == 1,
                $"Round {round}: expected one 200 and one 412/409, got {string.Join(", ", responses.Select(r => (int)r.StatusCode))}");
            var winner = winners[0];
            var winnerValue = (await winner.ReadAsync<JsonElement>()).GetProperty("open").GetProperty("monthActual").GetDecimal();
            var problem = await losers[0].AssertProblemAsync(losers[0].StatusCode);
            Assert.Equal(ReportingArrange.ETag(winner), problem.GetProperty("currentVersion").GetString());

            var stored = Assert.Single(await api.StoredAsync(sectionId, "2023-10"));
            Assert.Equal(winnerValue, stored.MonthActual);
            Assert.Contains(stored.MonthActual, new[] { a, b });
            etag = ReportingArrange.ETag(winner);
        }
    }

    [Fact]
    public async Task Put_TwoConcurrentFirstCreates_OneCreatedTheOtherRefused()
    {
        var (_, sectionId) = await api.NewSectionAsync("RC-CREATE");

        for (var month = 1; month <= Rounds; month++)
        {
            var period = $"2023-{month:D2}";
            var responses = await Task.WhenAll(
                api.PutReportAsync(sectionId, period, new { monthActual = 10m }),
                api.PutReportAsync(sectionId, period, new { monthActual = 20m }));

            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
            // The loser either lost on the unique index (409) or read the winner's draft and had no If-Match (428).
            var loser = Assert.Single(responses, r => r.StatusCode != HttpStatusCode.Created);
            Assert.Contains(loser.StatusCode, new[] { HttpStatusCode.Conflict, HttpStatusCode.PreconditionRequired });
            var problem = await loser.AssertProblemAsync(loser.StatusCode);
            Assert.True(problem.TryGetProperty("currentVersion", out _), "The loser is told the current version.");
            Assert.Single(await api.StoredAsync(sectionId, period));
        }
    }

    [Fact]
    public async Task Approve_Concurrently_OneApprovalOnly()
    {
        var (_, sectionId) = await api.NewSectionAsync("RC-APPROVE");
        for (var month = 1; month <= Rounds; month++)
        {
            var period = $"2023-{month:D2}";
            await api.PutReportAsync(sectionId, period, new { monthActual = 10m });
            await (await api.StepAsync(sectionId, period, "submit")).ReadAsync<JsonElement>();

            var responses = await Task.WhenAll(
                api.StepAsync(sectionId, period, "approve"),
                api.StepAsync(sectionId, period, "return", new { reason = "数据有误" }));

            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Conflict);
            var stored = Assert.Single(await api.StoredAsync(sectionId, period));
            Assert.Contains(stored.Status, new[] { "approved", "returned" });
        }
    }

    [Fact]
    public async Task ApproveCorrections_Concurrently_LeaveOneApprovedRevision()
    {
        var (_, sectionId) = await api.NewSectionAsync("RC-CORR");
        await api.ApprovedMonthAsync(sectionId, "2023-05", 100m);

        for (var round = 0; round < Rounds; round++)
        {
            var corrections = await Task.WhenAll(
                api.StepAsync(sectionId, "2023-05", "corrections", new { monthActual = -1m * round, reason = "A" }),
                api.StepAsync(sectionId, "2023-05", "corrections", new { monthActual = 1m * round, reason = "B" }));
            Assert.Single(corrections, r => r.StatusCode == HttpStatusCode.Created);
            Assert.Single(corrections, r => r.StatusCode == HttpStatusCode.Conflict);
            await (await api.StepAsync(sectionId, "2023-05", "submit")).ReadAsync<JsonElement>();

            var approvals = await Task.WhenAll(api.StepAsync(sectionId, "2023-05", "approve"), api.StepAsync(sectionId, "2023-05", "approve"));
            Assert.Single(approvals, r => r.StatusCode == HttpStatusCode.OK);
            Assert.Single(approvals, r => r.StatusCode == HttpStatusCode.Conflict);

            var stored = await api.StoredAsync(sectionId, "2023-05");
            Assert.Equal(round + 2, stored.Count);
            Assert.Equal(stored.Count, stored.Select(r => r.Revision).Distinct().Count());
            Assert.Single(stored, r => r.Status == "approved");
            Assert.Equal(round + 1, stored.Count(r => r.Status == "superseded"));
            Assert.Equal("approved", stored[^1].Status);
        }
    }
}
