using System.Net;
using System.Text.Json;
using Investment.Api.Tests.Features.Jobs;
using Investment.Api.Tests.Infrastructure;

namespace Investment.Api.Tests.Faults;

/// <summary>
/// The app killed (SIGKILL) while a roll-up job runs: the period's previous run stays whole, the job is not left
/// "running" for good, and another instance re-runs it to the totals an uninterrupted run gives: Hangfire's queue hands
/// the job to another instance once the dead one has stopped renewing it (InvisibilityTimeout, one minute).
/// </summary>
[Trait("Category", "Slow")]
public sealed class RollupKillTests
{
    private const string Period = "2023-12";

    [Fact]
    public async Task KilledMidRollup_PreviousRunIntact_AndAnotherInstanceRetriesItToTheSameTotals()
    {
        var database = await TestCluster.CreateDatabaseAsync(seeded: true);
        try
        {
            var settings = AppProcess.Settings(database);

            string uninterruptedJob;
            List<string> uninterrupted;
            Guid interruptedJob;
            await using (var app = await AppProcess.StartAsync(settings))
            {
                var first = await JobPolling.RunAsync(app.Client, "/api/v1/rollups", new { period = Period });
                JobPolling.AssertSucceeded(first);
                uninterruptedJob = first.GetProperty("id").GetString()!;
                uninterrupted = await SnapshotAsync(database);
                Assert.NotEmpty(uninterrupted);

                // A run and rows without fingerprints, as a period rolled up before 0018 has them: the rerun cannot tell they are
                // unchanged, so it builds the period's partition afresh, replaces its run, and then waits to swap the
                // partition in, inside its transaction, while the test holds rollup_rows.
                await JobPolling.ExecuteAsync(database, """
                    update rollup_rows set fingerprint = null where year = 2023 and month = 12;
                    update rollup_runs set rows_fingerprint = null where year = 2023 and month = 12;
                    """);
                await using var blocker = await Blocker.HoldAsync(database, "lock table rollup_rows in share mode");
                var accepted = await (await app.Client.PostJsonAsync("/api/v1/rollups", new { period = Period }))
                    .ReadAsync<JsonElement>(HttpStatusCode.Accepted);
                interruptedJob = accepted.GetProperty("id").GetGuid();
                var waiter = await Sessions.WaitForWaiterAsync(database, blocker, () => app.Output);
                Assert.Contains("rollup_rows", waiter.Query, StringComparison.OrdinalIgnoreCase);
                // It has already deleted the previous run in that transaction (it holds the write lock on rollup_runs).
                Assert.Equal(["1"], await JobPolling.QueryAsync(database,
                    $"select count(*) from pg_locks where pid = {waiter.ProcessId} and relation = 'rollup_runs'::regclass and mode = 'RowExclusiveLock' and granted"));
                Assert.Equal(["running 1"], await JobStateAsync(database, interruptedJob));

                await app.KillAsync();
                await blocker.ReleaseAsync();
                await Sessions.WaitUntilGoneAsync(database, waiter.ProcessId);
            }

            // Nothing half-written: the run before is there, whole; the dead node's job could record nothing.
            Assert.Equal([uninterruptedJob], await JobPolling.QueryAsync(database, "select job_id from rollup_runs where year = 2023 and month = 12"));
            Assert.Equal(uninterrupted, await SnapshotAsync(database));
            Assert.Equal(["running 1"], await JobStateAsync(database, interruptedJob));

            var killedAt = DateTime.UtcNow;
            await using var other = await AppProcess.StartAsync(settings);
            var retried = await JobPolling.WaitAsync(other.Client, $"/api/v1/jobs/{interruptedJob}");
            // Not before the dead instance's hold on the job lapsed, and not much later.
            var recoveredAfter = DateTime.UtcNow - killedAt;
            Assert.InRange(recoveredAfter, TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(85));
            Assert.True(retried.GetProperty("status").GetString() == "succeeded", $"{retried}{Environment.NewLine}{other.Output}");
            Assert.Equal(2, retried.GetProperty("attempts").GetInt32());
            Assert.Equal(1m, retried.GetProperty("progress").GetDecimal());
            Assert.Equal([interruptedJob.ToString()], await JobPolling.QueryAsync(database, "select job_id from rollup_runs where year = 2023 and month = 12"));
            Assert.Equal(uninterrupted, await SnapshotAsync(database));

            // Nothing left behind: no job looks as if it still ran, Hangfire's queue is empty, and its record shows the job
            // taken twice (the dead instance, then the other) and performed to the end once.
            var running = await (await other.Client.GetAsync("/api/v1/jobs?status=running")).ReadAsync<JsonElement>();
            Assert.Equal(0, running.GetProperty("items").GetArrayLength());
            Assert.Equal(["0"], await JobPolling.QueryAsync(database, "select count(*) from hangfire.jobqueue"));
            Assert.Equal(["Enqueued", "Processing", "Processing", "Succeeded"], await JobPolling.HangfireStatesAsync(database, interruptedJob.ToString()));
        }
        finally
        {
            await TestCluster.DropDatabaseAsync(database);
        }
    }

    /// <summary>The period's figures and findings, every column but the rows' fingerprints and the findings' generated ids, in key order.</summary>
    private static async Task<List<string>> SnapshotAsync(string database) =>
    [
        .. await JobPolling.QueryAsync(database,
            // The fingerprint aside: the test wipes it to make the rerun write.
            "select (to_jsonb(r) - 'fingerprint')::text from rollup_rows r where year = 2023 and month = 12 order by region_code, mode_category, mode, scope"),
        .. await JobPolling.QueryAsync(database,
            """
            select (kind, region_code, project_id, section_id, message)::text from data_quality_findings
            where year = 2023 and month = 12 order by kind, region_code, project_id, section_id, message
            """),
    ];

    private static Task<List<string>> JobStateAsync(string database, Guid job) =>
        JobPolling.QueryAsync(database, $"select status || ' ' || attempts from jobs where id = '{job}'");
}
