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
public sealed partial class ContainerStartTests
{
    [GeneratedRegex(@"^\s*(?:ENV\s+)?([A-Za-z_][A-Za-z0-9_]*)=(\S+?)\s*\\?\s*$")]
    private static partial Regex EnvLine();

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
}
