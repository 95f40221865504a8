using System.Net;
using System.Net.Http.Headers;
using Investment.Api.Features.Imports;
using Investment.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Investment.Api.Tests.Features.Imports;

/// <summary>The Imports:* settings are read: a second app on the fixture's database with small limits.</summary>
public sealed class ConfiguredLimitsTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>, IAsyncLifetime
{
    private WebApplicationFactory<Program>? _factory;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _factory = api.CreateFactory(builder =>
        {
            builder.UseSetting("Imports:MaxRows", "3");
            builder.UseSetting("Imports:MaxBytes", "40000");
        });
        _client = _factory.CreateClient();
        _client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var tokens = await ApiFixture.LoginAsync(_client, ApiFixture.AdminEmail, api.AdminPassword);
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }

    [Fact]
    public async Task ConfiguredRowAndByteLimits_Apply_ToUploadsAndTemplates()
    {
        // Zhuji has more than 3 sections to report: a template it could not upload again is not handed out.
        var template = await _client.GetAsync(ImportFiles.TemplateUrl());
        var problem = await template.AssertProblemAsync(HttpStatusCode.BadRequest, "regionCode");
        Assert.Contains("3 sections", problem.GetProperty("errors").GetProperty("regionCode")[0].GetString());

        // The same file the default limits accept is over both configured ones.
        var file = await api.TemplateAsync();
        Assert.Equal(HttpStatusCode.OK, (await api.UploadAsync(file)).StatusCode);
        var (tooManyRows, _) = await (await Upload(file)).AssertImportProblemAsync(HttpStatusCode.RequestEntityTooLarge, "file");
        Assert.Equal(ImportCodes.TooManyRows, tooManyRows.GetProperty("code").GetString());

        var padded = ImportFiles.WithEntry(file, "docProps/padding.bin", new byte[50_000], System.IO.Compression.CompressionLevel.NoCompression);
        var (tooLarge, _) = await (await Upload(padded)).AssertImportProblemAsync(HttpStatusCode.RequestEntityTooLarge, "file");
        Assert.Equal(ImportCodes.TooLarge, tooLarge.GetProperty("code").GetString());
    }

    private Task<HttpResponseMessage> Upload(byte[] file)
    {
        var content = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue(MonthlyReportTemplateWriter.ContentType);
        content.Add(part, "file", "月报.xlsx");
        return _client.PostAsync(ImportFiles.UploadUrl(), content);
    }
}
