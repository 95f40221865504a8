using System.Text.Json;
using System.Text.Json.Nodes;
using Investment.Api.Data;
using Investment.Api.Tests.Infrastructure;

namespace Investment.Api.Tests.Http;

/// <summary>
/// The web app's API types are generated from web/openapi.json (npm run build: openapi-typescript, then vue-tsc), so
/// a field renamed in C# breaks the web build. This test keeps that file equal to the document the API serves.
/// </summary>
public sealed class OpenApiDocumentTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string UpdateVariable = "INVESTMENT_UPDATE_OPENAPI";

    private static string CommittedPath => Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory)!, "web", "openapi.json");

    [Fact]
    public async Task TheWebAppsCommittedDocument_IsTheOneTheApiServes()
    {
        // "servers" names the host the document was asked from, which differs between a test and a developer's machine.
        var served = JsonNode.Parse(await api.AnonymousClient().GetStringAsync("/openapi/v1.json"))!.AsObject();
        served.Remove("servers");
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            await File.WriteAllTextAsync(CommittedPath,
                served.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
        }

        var committed = JsonNode.Parse(await File.ReadAllTextAsync(CommittedPath))!.AsObject();
        committed.Remove("servers");

        Assert.True(JsonNode.DeepEquals(served, committed),
            $"web/openapi.json differs from the API's /openapi/v1.json. Regenerate it with `{UpdateVariable}=1 dotnet test " +
            "tests/Investment.Api.Tests --filter OpenApiDocumentTests`, then `npm run build` in web/ to see what the change breaks.");
    }
}
