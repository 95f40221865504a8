using System.Globalization;
using Investment.Api.Data;
using Investment.Api.Features.Rollups;
using Investment.Domain;
using Microsoft.Extensions.Logging.Abstractions;

namespace Investment.Benchmarks.Rollups;

/// <summary>The product's roll-up work class, invoked directly (not through HTTP or the job queue).</summary>
internal static class RollupUnderTest
{
    /// <summary>Rolls the period up; answers where the time went, as the roll-up reports it.</summary>
    public static async Task<string> RunAsync(string connectionString, ReportingMonth period, CancellationToken ct)
    {
        var database = new DatabaseConnection();
        database.Use(connectionString, isLocalCluster: false);
        var outcome = await new PeriodRollup(database, TimeProvider.System, NullLogger<PeriodRollup>.Instance)
            .RunAsync(period, jobId: null, actor: "system:benchmark", reportProgress: null, ct);
        return string.Create(CultureInfo.InvariantCulture,
            $"{outcome.ElapsedMilliseconds} ms = aggregate {outcome.AggregateMilliseconds} + compute {outcome.ComputeMilliseconds} + write {outcome.WriteMilliseconds} ({outcome.RowCount:N0} rows, {outcome.FindingCount:N0} findings)");
    }
}
