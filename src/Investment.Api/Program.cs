using Investment.Api;
using Investment.Api.Data;
using Investment.Api.Features.Exports;
using Investment.Api.Features.Figures;
using Investment.Api.Features.Funding;
using Investment.Api.Features.Imports;
using Investment.Api.Features.Jobs;
using Investment.Api.Features.LandIssues;
using Investment.Api.Features.Projects;
using Investment.Api.Features.Quantities;
using Investment.Api.Features.Regions;
using Investment.Api.Features.Reporting;
using Investment.Api.Features.Rollups;
using Investment.Api.Http;
using Investment.Api.Scheduling;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddInvestmentDatabase(builder.Configuration);
builder.Services.AddInvestmentApi();
builder.Services.AddScheduling(builder.Configuration);
builder.Services.AddRollups();
builder.Services.AddExports(builder.Configuration);

var app = builder.Build();

// Verbs for scripts and containers: `migrate` and `seed [dir]` work on the configured (or private) database and exit.
if (args is ["migrate", ..] or ["seed", ..])
{
    return await Verbs.RunAsync(app, args);
}

app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapOpenApi("/openapi/{documentName}.json");
app.UseSwaggerUI(ui =>
{
    ui.SwaggerEndpoint("/openapi/v1.json", "Investment API v1");
    ui.RoutePrefix = "swagger";
    ui.DocumentTitle = "Investment API";
});
app.MapGet("/", () => Results.Redirect("/swagger")).ExcludeFromDescription();
app.MapHealth();
app.MapRegions();
app.MapProjects();
app.MapReporting();
app.MapFigures();
app.MapLandIssues();
app.MapQuantities();
app.MapFunding();
app.MapExports();
app.MapImports();
app.MapJobs();
app.MapRollups();

app.Lifetime.ApplicationStarted.Register(() => app.Logger.LogInformation(
    "Investment API is serving on {Urls}; API explorer at {Url}/swagger, OpenAPI document at {Url}/openapi/v1.json",
    string.Join(", ", app.Urls), app.Urls.FirstOrDefault() ?? "", app.Urls.FirstOrDefault() ?? ""));
try
{
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (e is LocalPostgresUnavailableException or MigrationChecksumException)
{
    await Console.Error.WriteLineAsync($"Investment cannot start: {e.Message}");
    return 2;
}

public partial class Program;
