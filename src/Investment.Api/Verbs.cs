using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Auth;
using Microsoft.AspNetCore.Identity;

namespace Investment.Api;

/// <summary>
/// `migrate`, `seed [dir]` and `create-admin &lt;email&gt;`: one-shot commands for scripts and the compose file; exit code
/// 0 on success.
/// </summary>
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
            if (args[0] == "migrate")
            {
                // Hangfire's schema too, so an account with CREATE rights can prepare the database for one without.
                await Scheduling.SchedulingSetup.InstallStorageSchemaAsync(connection.ConnectionString, CancellationToken.None);
            }
            if (args[0] == "seed")
            {
                var directory = SeedDataLoader.ResolveDirectory(options.SeedDirectory, app.Environment.ContentRootPath);
                await app.Services.GetRequiredService<SeedDataLoader>().LoadAsync(connection.ConnectionString, directory, CancellationToken.None);
            }
            if (args[0] == "create-admin")
            {
                return await CreateAdminAsync(app, args);
            }
            return 0;
        }
        catch (Exception e) when (e is LocalPostgresUnavailableException or MigrationChecksumException or InvalidDataException
                                      or FormatException or DirectoryNotFoundException or AccountSetupException)
        {
            await Console.Error.WriteLineAsync($"{args[0]} failed: {e.Message}");
            return 2;
        }
        finally
        {
            await startup.StopAsync(CancellationToken.None);
        }
    }

    public const string PasswordVariable = "INVESTMENT_ADMIN_PASSWORD";

    /// <summary>Creates (or promotes, with a new password) an administrator. The password never appears on the command line.</summary>
    private static async Task<int> CreateAdminAsync(WebApplication app, string[] args)
    {
        if (args.Length < 2 || !args[1].Contains('@', StringComparison.Ordinal))
        {
            await Console.Error.WriteLineAsync("usage: create-admin <email>   (password from INVESTMENT_ADMIN_PASSWORD, else asked for)");
            return 2;
        }
        var password = Environment.GetEnvironmentVariable(PasswordVariable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : ReadPassword();
        if (password is null)
        {
            await Console.Error.WriteLineAsync($"create-admin: no password: set {PasswordVariable} or run it in a terminal.");
            return 2;
        }
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CallerContext>().RunAs(Caller.System("create-admin"));
        await AccountBootstrap.CreateAdministratorAsync(scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>(), args[1], password);
        await Console.Out.WriteLineAsync($"Administrator {args[1]} is ready; sign in at POST /api/v1/auth/login.");
        return 0;
    }

    private static string? ReadPassword()
    {
        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine();
        }
        var first = Prompt("Password for the administrator: ");
        var second = Prompt("Again: ");
        return first == second ? first : throw new AccountSetupException("The two passwords differ.");
    }

    private static string Prompt(string label)
    {
        Console.Write(label);
        var password = new System.Text.StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                if (password.Length > 0) password.Length--;
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }
        Console.WriteLine();
        return password.ToString();
    }
}
