using Investment.Api.Data;
using Microsoft.Extensions.Logging.Abstractions;

namespace Investment.Benchmarks;

/// <summary>
/// The database the benchmark runs on: the one --connection names, else a private cluster started from the machine's
/// PostgreSQL binaries (throwaway unless --data-dir keeps it). Migrated with the product's own runner.
/// </summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly LocalPostgres? _cluster;

    private BenchDatabase(string connectionString, LocalPostgres? cluster)
    {
        ConnectionString = connectionString;
        _cluster = cluster;
    }

    public string ConnectionString { get; }

    public string Description => _cluster is null
        ? "the database given with --connection"
        : $"a private PostgreSQL cluster on port {_cluster.Port} ({_cluster.DataDirectory})";

    public static async Task<BenchDatabase> OpenAsync(BenchOptions options, CancellationToken ct)
    {
        LocalPostgres? cluster = null;
        string connectionString;
        if (options.Connection is { } given)
        {
            connectionString = given;
        }
        else
        {
            var persistent = options.DataDirectory is not null;
            var directory = options.DataDirectory ?? Path.Combine(Path.GetTempPath(), $"investment-bench-{Environment.ProcessId}");
            cluster = await LocalPostgres.StartAsync(
                new LocalPostgresOptions(directory, DatabaseName: "investment_bench", Persistent: persistent), NullLogger.Instance, ct);
            connectionString = cluster.ConnectionString;
        }
        try
        {
            await new MigrationRunner(NullLogger<MigrationRunner>.Instance).MigrateAsync(connectionString, ct);
        }
        catch
        {
            if (cluster is not null)
            {
                await cluster.DisposeAsync();
            }
            throw;
        }
        return new BenchDatabase(connectionString, cluster);
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
