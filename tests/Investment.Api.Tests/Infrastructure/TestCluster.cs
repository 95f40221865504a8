using Investment.Api.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Investment.Api.Tests.Infrastructure;

/// <summary>
/// One PostgreSQL for the whole test run: the server named by INVESTMENT_TEST_POSTGRES (an admin connection string),
/// or else a throwaway cluster started from the machine's binaries. Two template databases are built once — migrated,
/// and migrated plus seed-data/ — and every test class gets its own copy, so no test sees another's rows.
/// </summary>
public static class TestCluster
{
    public const string EnvironmentVariable = "INVESTMENT_TEST_POSTGRES";
    private const string MigratedTemplate = "investment_template";
    private const string SeededTemplate = "investment_template_seeded";

    private static readonly Lazy<Task<string>> AdminConnection = new(StartAsync);
    private static LocalPostgres? _cluster;

    public static async Task<string> CreateDatabaseAsync(bool seeded)
    {
        var admin = await AdminConnection.Value;
        var name = $"investment_test_{Guid.NewGuid():N}"[..40];
        await LocalPostgres.CreateDatabaseAsync(admin, name, seeded ? SeededTemplate : MigratedTemplate);
        return WithDatabase(admin, name);
    }

    public static async Task<string> CreateEmptyDatabaseAsync()
    {
        var admin = await AdminConnection.Value;
        var name = $"investment_empty_{Guid.NewGuid():N}"[..40];
        await LocalPostgres.CreateDatabaseAsync(admin, name);
        return WithDatabase(admin, name);
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var admin = await AdminConnection.Value;
        NpgsqlConnection.ClearAllPools();
        await LocalPostgres.DropDatabaseIfExistsAsync(admin, new NpgsqlConnectionStringBuilder(connectionString).Database!);
    }

    public static string SeedDirectory => Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory)!, "seed-data");

    private static async Task<string> StartAsync()
    {
        var admin = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            var directory = Path.Combine(Path.GetTempPath(), $"investment-tests-{Environment.ProcessId}");
            try
            {
                _cluster = await LocalPostgres.StartAsync(
                    new LocalPostgresOptions(directory, Persistent: false, DatabaseName: "postgres_tests"),
                    NullLogger.Instance, CancellationToken.None);
            }
            catch (Exception e)
            {
                throw new InvalidOperationException(
                    $"The tests need PostgreSQL: install it (apt-get install postgresql) so they can start a private cluster, " +
                    $"or set {EnvironmentVariable} to an admin connection string. {e.Message}", e);
            }
            AppDomain.CurrentDomain.ProcessExit += (_, _) => _cluster.StopAsync().GetAwaiter().GetResult();
            admin = _cluster.AdminConnectionString;
        }

        foreach (var template in new[] { MigratedTemplate, SeededTemplate })
        {
            await LocalPostgres.DropDatabaseIfExistsAsync(admin, template);
            await LocalPostgres.CreateDatabaseAsync(admin, template);
            var connectionString = WithDatabase(admin, template);
            await new MigrationRunner(NullLogger<MigrationRunner>.Instance).MigrateAsync(connectionString, CancellationToken.None);
            // Hangfire's schema too, as every instance's start-up installs it: copies of the template start with it.
            await Investment.Api.Scheduling.SchedulingSetup.InstallStorageSchemaAsync(connectionString, CancellationToken.None);
            if (template == SeededTemplate)
            {
                await new SeedDataLoader(NullLogger<SeedDataLoader>.Instance)
                    .LoadAsync(connectionString, SeedDirectory, CancellationToken.None);
            }
        }
        // A template with open sessions cannot be copied.
        NpgsqlConnection.ClearAllPools();
        return admin;
    }

    private static string WithDatabase(string admin, string database) =>
        new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString;

    public static ILogger<T> Logger<T>() => NullLogger<T>.Instance;
}
