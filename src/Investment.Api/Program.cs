using Investment.Api;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Audit;
using Investment.Api.Features.Auth;
using Investment.Api.Features.Bulletins;
using Investment.Api.Features.Exports;
using Investment.Api.Features.Figures;
using Investment.Api.Features.Funding;
using Investment.Api.Features.Imports;
using Investment.Api.Features.Jobs;
using Investment.Api.Features.LandIssues;
using Investment.Api.Features.OpenData;
using Investment.Api.Features.Projects;
using Investment.Api.Features.Quantities;
using Investment.Api.Features.Regions;
using Investment.Api.Features.Reporting;
using Investment.Api.Features.Rollups;
using Investment.Api.Features.Users;
using Investment.Api.Http;
using Investment.Api.Scheduling;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddInvestmentDatabase(builder.Configuration);
builder.Services.AddInvestmentApi();
builder.Services.AddScheduling(builder.Configuration);
builder.Services.AddRollups();
builder.Services.AddExports(builder.Configuration);
builder.Services.AddOpenData(builder.Configuration);
builder.Services.AddInvestmentSecurity(builder.Configuration);
// The web app's files, gzip-compressed at build time, live in obj/ until published; the build's manifest maps them in
// every environment, not only Development (a published app has them in wwwroot and no manifest: a no-op there).
builder.WebHost.UseStaticWebAssets();
builder.WebHost.ConfigureKestrel((context, kestrel) =>
{
    var limits = context.Configuration.GetSection("Limits").Get<RequestLimitOptions>() ?? new RequestLimitOptions();
    kestrel.AddServerHeader = false;
    // The upload endpoint raises it for its own requests (RequestSizeLimit metadata, applied by routing).
    kestrel.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes;
});

var app = builder.Build();

// Verbs for scripts and containers: `migrate`, `seed [dir]` and `create-admin <email>` work on the configured (or
// private) database and exit.
if (args is ["migrate", ..] or ["seed", ..] or ["create-admin", ..])
{
    return await Verbs.RunAsync(app, args);
}

app.UseLanguages();
app.UseExceptionHandler();
app.UseStatusCodePages(ProblemTypes.StatusCodePageAsync);
app.UseSecurityHeaders();
if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
}
app.UseJobsDashboard();
app.UseSwaggerUI(ui =>
{
    ui.SwaggerEndpoint("/openapi/v1.json", "Investment API v1");
    ui.RoutePrefix = "swagger";
    ui.DocumentTitle = "Investment API";
});
app.UseRouting();
app.UseWebAppPages();
app.UseRequestShapeChecks();
app.UseRequestBodyLimits();
app.UseAuthentication();
app.UseCrossSiteRequestChecks();
app.UseRateLimiter();
app.UseAuthorization();

app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
app.MapHealth();
app.MapAuth();
// Every endpoint of the API needs a role; writes add their verb next to their route (Features/Access/Policies.cs).
var api = app.MapGroup("").RequireAuthorization(Policies.Read);
api.MapRegions();
api.MapProjects();
api.MapReporting();
api.MapFigures();
api.MapLandIssues();
api.MapQuantities();
api.MapFunding();
api.MapExports();
api.MapImports();
api.MapJobs();
api.MapRollups();
api.MapBulletins();
api.MapOpenData();
api.MapUsers();
api.MapAudit();
app.MapWebApp();

app.Lifetime.ApplicationStarted.Register(() => app.Logger.LogInformation(
    "Investment is serving on {Urls}: the web app at {Url}/, API explorer at {Url}/swagger, OpenAPI document at {Url}/openapi/v1.json",
    string.Join(", ", app.Urls), app.Urls.FirstOrDefault() ?? "", app.Urls.FirstOrDefault() ?? "", app.Urls.FirstOrDefault() ?? ""));
try
{
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (e is LocalPostgresUnavailableException or MigrationChecksumException or AccountSetupException
                               or SchedulingConfigurationException)
{
    await Console.Error.WriteLineAsync($"Investment cannot start: {e.Message}");
    return 2;
}

public partial class Program;
