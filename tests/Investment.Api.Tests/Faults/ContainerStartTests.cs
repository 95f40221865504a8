using System.Net;
using System.Text.RegularExpressions;
using Investment.Api.Data;
using Investment.Api.Tests.Infrastructure;

namespace Investment.Api.Tests.Faults;

/// <summary>
/// The published app as the Docker image starts it: the Dockerfile's ENV and ENTRYPOINT, no command-line URLs. It must
/// listen on every address of the container, not only its loopback (appsettings.json's `Urls` is localhost:5080 for
/// `dotnet run`): reached here at 127.0.0.2, inside the loopback range but not what `localhost` binds.
/// </summary>
[Trait("Category", "Slow")]
public sealed partial class ContainerStartTests
{
    [GeneratedRegex(@"^\s*(?:ENV\s+)?([A-Za-z_][A-Za-z0-9_]*)=(\S+?)\s*\\?\s*$")]
    private static partial Regex EnvLine();

    [GeneratedRegex(@"^\s+([A-Za-z_][A-Za-z0-9_]*):\s*""(.*)""\s*$")]
    private static partial Regex ComposeEnvLine();

    [GeneratedRegex(@"\$\{([A-Z_]+):-([^}]*)\}")]
    private static partial Regex ComposeVariable();

    /// <summary>
    /// The compose file's environment of the api service, its ${NAME:-default} resolved from <paramref name="shell"/>
    /// or the default, as docker compose would.
    /// </summary>
    private static Dictionary<string, string> ComposeEnvironment(IReadOnlyDictionary<string, string> shell)
    {
        var path = Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory)!, "docker-compose.yml");
        var lines = File.ReadAllLines(path);
        var api = Array.FindIndex(lines, l => l.TrimEnd() == "  api:");
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(Array.FindIndex(lines, api, l => l.Trim() == "environment:") + 1))
        {
            if (ComposeEnvLine().Match(line) is not { Success: true } m)
            {
                if (line.TrimStart().StartsWith('#'))
                {
                    continue;
                }
                break;
            }
            environment[m.Groups[1].Value] = ComposeVariable().Replace(m.Groups[2].Value,
                v => shell.TryGetValue(v.Groups[1].Value, out var given) ? given : v.Groups[2].Value);
        }
        return environment;
    }

    /// <summary>The final stage's ENV pairs (continued lines included) and its ENTRYPOINT.</summary>
    private static (Dictionary<string, string> Environment, string EntryPoint) Dockerfile()
    {
        var path = Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory)!, "src", "Investment.Api", "Dockerfile");
        var lines = File.ReadAllLines(path);
        var finalStage = Array.FindLastIndex(lines, l => l.StartsWith("FROM ", StringComparison.Ordinal));
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        var inEnv = false;
        string? entryPoint = null;
        foreach (var line in lines.Skip(finalStage))
        {
            if (line.StartsWith("ENV ", StringComparison.Ordinal))
            {
                inEnv = true;
            }
            else if (!inEnv)
            {
                if (line.StartsWith("ENTRYPOINT", StringComparison.Ordinal))
                {
                    entryPoint = line;
                }
                continue;
            }
            if (EnvLine().Match(line) is { Success: true } m)
            {
                environment[m.Groups[1].Value] = m.Groups[2].Value;
            }
            inEnv = line.TrimEnd().EndsWith('\\');
        }
        return (environment, entryPoint ?? throw new Xunit.Sdk.XunitException("The Dockerfile has no ENTRYPOINT."));
    }

    [Fact]
    public async Task PublishedApp_WithTheImagesEnvironment_AnswersOnEveryAddressOfPort8080()
    {
        var (environment, entryPoint) = Dockerfile();
        Assert.Equal("""ENTRYPOINT ["dotnet", "Investment.Api.dll"]""", entryPoint);
        Assert.Contains("ASPNETCORE_URLS", environment.Keys);
        var database = await TestCluster.CreateDatabaseAsync(seeded: false);
        try
        {
            var settings = AppProcess.Settings(database);
            foreach (var (key, value) in environment.Where(e => e.Key != "Database__SeedDirectory"))
            {
                settings[key] = value;
            }

            await using var app = await AppProcess.StartAsContainerAsync(settings, new Uri("http://127.0.0.2:8080"));

            using var page = await app.Client.GetAsync("/");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/health/ready")).StatusCode);
        }
        finally
        {
            await TestCluster.DropDatabaseAsync(database);
        }
    }

    /// <summary>
    /// docker compose up loads seed-data/ but the demo rows only when asked: INVESTMENT_DEMO_DATA=true (off by default).
    /// The compose file's own environment decides here, the image's paths pointed at the repository's folders.
    /// </summary>
    [Fact]
    public async Task ComposeEnvironment_LoadsTheDemoRowsOnlyWhenAsked()
    {
        var (image, _) = Dockerfile();
        var root = RepositoryRoot.Find(AppContext.BaseDirectory)!;
        var database = await TestCluster.CreateDatabaseAsync(seeded: false);
        try
        {
            foreach (var demo in new[] { false, true })
            {
                var shell = demo ? new Dictionary<string, string> { ["INVESTMENT_DEMO_DATA"] = "true" } : [];
                var compose = ComposeEnvironment(shell);
                Assert.Equal(demo ? "true" : "false", compose["Database__DemoData"]);
                Assert.Equal("true", compose["Database__SeedOnStartup"]);
                var settings = AppProcess.Settings(database);
                foreach (var (key, value) in image.Concat(compose).Where(e => !e.Key.StartsWith("ConnectionStrings__", StringComparison.Ordinal)
                                                                           && !e.Key.StartsWith("Admin__", StringComparison.Ordinal)))
                {
                    settings[key] = value.Replace("/app/", root + "/", StringComparison.Ordinal);
                }
                await using (await AppProcess.StartAsContainerAsync(settings, new Uri("http://127.0.0.2:8080")))
                {
                }

                await using var connection = new Npgsql.NpgsqlConnection(database);
                await connection.OpenAsync();
                await using var command = new Npgsql.NpgsqlCommand("""
                    select (select count(*) from projects where code like 'DM-%'),
                           (select count(*) from projects where code not like 'DM-%'),
                           (select count(*) from rollup_runs)
                    """, connection);
                await using var reader = await command.ExecuteReaderAsync();
                await reader.ReadAsync();
                Assert.True(reader.GetInt64(1) > 0, "seed-data/ is loaded either way");
                if (demo)
                {
                    Assert.True(reader.GetInt64(0) > 0, "INVESTMENT_DEMO_DATA=true loads seed-data-demo/");
                    Assert.True(reader.GetInt64(2) > 0, "and rolls up the seeded months");
                }
                else
                {
                    Assert.Equal(0, reader.GetInt64(0));
                    Assert.Equal(0, reader.GetInt64(2));
                }
            }
        }
        finally
        {
            await TestCluster.DropDatabaseAsync(database);
        }
    }
}
