using Investment.Api.Features.Access;
using Microsoft.Extensions.Options;

namespace Investment.Api.Data;

public sealed class DatabaseOptions
{
    public string? ConnectionString { get; set; }
    /// <summary>Where the private cluster lives when no connection string is configured.</summary>
    public string? LocalDataDirectory { get; set; }
    public string? PostgresBinDirectory { get; set; }
    public bool MigrateOnStartup { get; set; } = true;
    /// <summary>Load seed-data/ at start-up; null means "only into the private demo cluster".</summary>
    public bool? SeedOnStartup { get; set; }
    public string? SeedDirectory { get; set; }
    /// <summary>Illustrative rows loaded after seed-data/ into the private demo cluster only; default seed-data-demo/.</summary>
    public string? DemoSeedDirectory { get; set; }
    /// <summary>
    /// Load the demo rows and roll up the seeded months; null means "only into the private demo cluster" (docker compose
    /// turns it on with INVESTMENT_DEMO_DATA=true).
    /// </summary>
    public bool? DemoData { get; set; }
}

/// <summary>The connection string in use; known only once start-up has decided (or started) the database.</summary>
public sealed class DatabaseConnection
{
    private string? _connectionString;

    public string ConnectionString =>
        _connectionString ?? throw new InvalidOperationException("The database has not been started yet.");

    public bool IsLocalCluster { get; private set; }

    /// <summary>The private cluster's data folder as configured (its parent, .data/, also holds demo-users.txt).</summary>
    public string? LocalDataDirectory { get; private set; }

    public void Use(string connectionString, bool isLocalCluster, string? localDataDirectory = null)
    {
        _connectionString = connectionString;
        IsLocalCluster = isLocalCluster;
        LocalDataDirectory = localDataDirectory;
    }
}

/// <summary>
/// Runs before the web server accepts requests: starts the private PostgreSQL cluster when no connection string is
/// configured, applies migrations, loads seed data; stops the private cluster when the app stops.
/// </summary>
public sealed class DatabaseStartup(
    IOptions<DatabaseOptions> options,
    DatabaseConnection connection,
    MigrationRunner migrations,
    SeedDataLoader seeds,
    DemoData demo,
    BureauClock clock,
    IHostEnvironment environment,
    ILogger<DatabaseStartup> logger) : IHostedService
{
    private LocalPostgres? _cluster;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            var dataDirectory = settings.LocalDataDirectory is { Length: > 0 } configured
                ? Path.GetFullPath(configured, environment.ContentRootPath)
                : DefaultDataDirectory(environment.ContentRootPath);
            logger.LogInformation(
                "No ConnectionStrings:Investment configured: starting a private PostgreSQL cluster in {DataDirectory}",
                dataDirectory);
            _cluster = await LocalPostgres.StartAsync(
                new LocalPostgresOptions(dataDirectory, settings.PostgresBinDirectory), logger, cancellationToken);
            connection.Use(_cluster.ConnectionString, isLocalCluster: true, dataDirectory);
        }
        else
        {
            connection.Use(settings.ConnectionString, isLocalCluster: false);
        }

        if (settings.MigrateOnStartup || connection.IsLocalCluster)
        {
            await migrations.MigrateAsync(connection.ConnectionString, cancellationToken);
        }
        if (settings.SeedOnStartup ?? connection.IsLocalCluster)
        {
            var directory = SeedDataLoader.ResolveDirectory(settings.SeedDirectory, environment.ContentRootPath);
            await seeds.LoadAsync(connection.ConnectionString, directory, cancellationToken);
        }
        if (settings.DemoData ?? connection.IsLocalCluster)
        {
            await demo.LoadAsync(connection.ConnectionString,
                DemoData.ResolveDirectory(settings.DemoSeedDirectory, environment.ContentRootPath), clock, cancellationToken);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_cluster is not null)
        {
            await _cluster.StopAsync();
            _cluster = null;
        }
    }

    private static string DefaultDataDirectory(string contentRoot)
    {
        var repositoryRoot = RepositoryRoot.Find(contentRoot);
        return repositoryRoot is not null
            ? Path.Combine(repositoryRoot, ".data", "postgres")
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "investment", "postgres");
    }
}

/// <summary>Finds the checkout's top folder (the one holding Investment.sln), so `dotnet run` works from anywhere inside it.</summary>
public static class RepositoryRoot
{
    public static string? Find(params string[] startingPoints)
    {
        foreach (var start in startingPoints.Append(AppContext.BaseDirectory).Append(Directory.GetCurrentDirectory()))
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Investment.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        return null;
    }
}
