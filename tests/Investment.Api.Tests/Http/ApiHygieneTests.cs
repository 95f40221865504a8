using System.Net;
using System.Text.Json;
using Investment.Api.Tests.Infrastructure;
using Microsoft.OpenApi;

namespace Investment.Api.Tests.Http;

public sealed class ApiHygieneTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Health_LiveAndReady_AreHealthyOnAMigratedDatabase()
    {
        Assert.Equal(HttpStatusCode.OK, (await api.Client.GetAsync("/health/live")).StatusCode);
        var ready = await (await api.Client.GetAsync("/health/ready")).ReadAsync<JsonElement>();
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
    }

    [Fact]
    public async Task OpenApiDocument_ParsesWithoutErrors_AndDescribesTheRegistry()
    {
        var response = await api.Client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var result = await OpenApiDocument.LoadAsync(stream, "json");
        Assert.Empty(result.Diagnostic?.Errors ?? []);
        Assert.Contains("/api/v1/projects", result.Document!.Paths.Keys);
        Assert.Contains("/api/v1/regions/{code}", result.Document.Paths.Keys);
    }

    [Fact]
    public async Task SwaggerUi_IsServed()
    {
        var response = await api.Client.GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task MalformedJson_Returns400Problem()
    {
        var response = await api.Client.PostRawAsync("/api/v1/projects", "{\"code\": ");
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task UnknownRoute_Returns404Problem()
    {
        var response = await api.Client.GetAsync("/api/v1/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
