using Investment.Domain;

namespace Investment.Benchmarks.Rollups;

/// <summary>The product's roll-up work class, invoked directly (not through HTTP or the job queue).</summary>
internal static class RollupUnderTest
{
    // MERGE-PENDING(feature/rollups): Features/Rollups is not on main yet. Once it is, Available becomes true and RunAsync
    // calls the real work class and describes where its time went (RollupOutcome):
    //   var database = new DatabaseConnection(); database.Use(connectionString, isLocalCluster: false);
    //   var outcome = await new PeriodRollup(database, TimeProvider.System, NullLogger<PeriodRollup>.Instance).RunAsync(period, null, null, ct);
    public static bool Available => false;

    public static Task<string> RunAsync(string connectionString, ReportingMonth period, CancellationToken ct) =>
        throw new NotSupportedException("The roll-up (feature/rollups) is not in this build.");
}
