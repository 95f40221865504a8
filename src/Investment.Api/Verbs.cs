using Investment.Api.Data;

namespace Investment.Api;

/// <summary>`migrate` and `seed [dir]`: one-shot commands for scripts and the compose file; exit code 0 on success.</summary>
public static class Verbs
{
    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var startup = app.Services.GetServices<IHostedService>().OfType<DatabaseStartup>().Single();
        var connection = app.Services.GetRequiredService<DatabaseConnection>();
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DatabaseOptions>>().Value;
        try
        {
            options.SeedOnStartup = false;
            if (args[0] == "seed" && args.Length > 1)
            {
                options.SeedDirectory = args[1];
            }
            await startup.StartAsync(CancellationToken.None);
            if (!connection.IsLocalCluster && !options.MigrateOnStartup)
            {
                await app.Services.GetRequiredService<MigrationRunner>().MigrateAsync(connection.ConnectionString, CancellationToken.None);
            }
            if (args[0] == "seed")
            {
                var directory = SeedDataLoader.ResolveDirectory(options.SeedDirectory, app.Environment.ContentRootPath);
                await app.Services.GetRequiredService<SeedDataLoader>().LoadAsync(connection.ConnectionString, directory, CancellationToken.None);
            }
            return 0;
        }
        catch (Exception e) when (e is LocalPostgresUnavailableException or MigrationChecksumException or InvalidDataException
                                      or FormatException or DirectoryNotFoundException)
        {
            await Console.Error.WriteLineAsync($"{args[0]} failed: {e.Message}");
            return 2;
        }
        finally
        {
            await startup.StopAsync(CancellationToken.None);
        }
    }
}
