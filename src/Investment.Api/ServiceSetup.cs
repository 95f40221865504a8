using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Auth;
using Investment.Api.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.EntityFrameworkCore;
using Microsoft.OpenApi;

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
        services.AddSingleton<DemoData>();
        services.AddHostedService<DatabaseStartup>();
        services.AddHttpContextAccessor();
        services.AddScoped<CallerContext>();
        services.AddScoped<AuditActor>();
        // The connection string is only known once DatabaseStartup has run (it may start the private cluster).
        // AuditActor names the caller on every connection, for the audit trigger.
        services.AddDbContext<InvestmentDb>((sp, options) => options
            .UseNpgsql(sp.GetRequiredService<DatabaseConnection>().ConnectionString)
            .AddInterceptors(sp.GetRequiredService<AuditActor>()));
        return services;
    }

    public static IServiceCollection AddInvestmentApi(this IServiceCollection services)
    {
        services.AddLanguages();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Extensions.Remove("exception");
            c.ProblemDetails.Type ??= ProblemTypes.For(c.ProblemDetails.Status ?? c.HttpContext.Response.StatusCode);
            Languages.TranslateFrameworkTitle(c.ProblemDetails);
        });
        // After the default writer, which declines a request whose Accept has no JSON (a browser's address bar).
        services.AddSingleton<IProblemDetailsWriter, ProblemTypes.AnyAcceptWriter>();
        services.AddExceptionHandler<ErrorHandling>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o =>
        {
            // A field the endpoint does not know is an error, so a typo or a field a client may not set never passes silently.
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            // {"name":1,"Name":2} would otherwise keep whichever came last: one of the two is surely not what was meant.
            // Property names match in any letter case, so this refuses duplicates in any letter case too.
            o.SerializerOptions.AllowDuplicateProperties = false;
            // Every string of every body, checked once for control characters (TextRules), whatever the endpoint.
            o.SerializerOptions.TypeInfoResolver = (o.SerializerOptions.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver())
                .WithAddedModifier(TextRules.CheckStrings);
        });
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Investment API";
            doc.Info.Description = "Transport investment projects: registry, monthly progress, land issues, roll-ups and rankings. Money in 万元.";
            return Task.CompletedTask;
        }));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<BureauClock>();
        services.AddRequestValidators();
        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: ["ready"]);
        return services;
    }

    /// <summary>Identity, roles and scopes, rate limits, request limits and the accounts that exist before anyone signs in.</summary>
    public static IServiceCollection AddInvestmentSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAccessControl();
        services.AddInvestmentIdentity(configuration);
        services.AddCrossSiteRequestChecks();
        services.AddInvestmentRateLimits(configuration);
        services.Configure<RequestLimitOptions>(configuration.GetSection("Limits"));
        // After DatabaseStartup (registered earlier), so the database exists when the accounts are made.
        services.AddHostedService<AccountBootstrap>();
        services.Configure<OpenApiOptions>("v1", o =>
        {
            o.AddDocumentTransformer((doc, _, _) =>
            {
                doc.Components ??= new OpenApiComponents();
                doc.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                doc.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "The accessToken from POST /api/v1/auth/login (opaque, not a JWT; 1 hour). Browsers may use the cookie from ?useCookies=true instead.",
                };
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                var anonymous = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any();
                if (!anonymous)
                {
                    operation.Security ??= [];
                    operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] });
                }
                return Task.CompletedTask;
            });
        });
        return services;
    }

    private const string BearerScheme = "Bearer";
}
