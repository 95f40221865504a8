using System.Text.Json;
using System.Text.Json.Serialization;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Http;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api;

public static class ServiceSetup
{
    public static IServiceCollection AddInvestmentDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DatabaseOptions>(configuration.GetSection("Database"));
        services.PostConfigure<DatabaseOptions>(o => o.ConnectionString ??= configuration.GetConnectionString("Investment"));
        services.AddSingleton<DatabaseConnection>();
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton<SeedDataLoader>();
        services.AddHostedService<DatabaseStartup>();
        // The connection string is only known once DatabaseStartup has run (it may start the private cluster).
        services.AddDbContext<InvestmentDb>((sp, options) =>
            options.UseNpgsql(sp.GetRequiredService<DatabaseConnection>().ConnectionString));
        return services;
    }

    public static IServiceCollection AddInvestmentApi(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
            c.ProblemDetails.Extensions.Remove("exception"));
        services.AddExceptionHandler<ErrorHandling>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o =>
        {
            // A field the endpoint does not know is an error, so a typo or a field a client may not set never passes silently.
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        });
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Investment API";
            doc.Info.Description = "Transport investment projects: registry, monthly progress, land issues, roll-ups and rankings. Money in 万元.";
            return Task.CompletedTask;
        }));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<BureauClock>();
        services.AddScoped<CallerScope>();
        services.AddRequestValidators();
        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: ["ready"]);
        return services;
    }
}
