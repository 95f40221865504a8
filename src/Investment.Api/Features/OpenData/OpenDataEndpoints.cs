using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Exports;
using Investment.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.OpenData;

public static partial class OpenDataEndpoints
{
    public static IServiceCollection AddOpenData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OpenDataOptions>().Bind(configuration.GetSection("OpenData"))
            .Validate(o => Oc4idsPrefix().IsMatch(o.Oc4idsPrefix),
                "OpenData:Oc4idsPrefix must be a registered OC4IDS prefix: 'oc4ids-' and six lower-case letters or digits.")
            .Validate(o => string.IsNullOrWhiteSpace(o.License) || Uri.IsWellFormedUriString(o.License, UriKind.Absolute),
                "OpenData:License must be an absolute URI.")
            .ValidateOnStart();
        services.AddScoped<ComposeOc4idsPackage>();
        return services;
    }

    public static IEndpointRouteBuilder MapOpenData(this IEndpointRouteBuilder app)
    {
        var oc4ids = app.MapGroup("/api/v1/open-data/oc4ids").WithTags("Open data");
        // Signed in and narrowed to the caller's scope, like the figures.
        oc4ids.MapGet("/", GetOc4idsPackage.Handle).WithName("GetOc4idsPackage")
            .Produces<Oc4idsPackage>();
        // What an administrator has published, for anyone.
        oc4ids.MapGet("/published/{regionCode}/{year:int}", GetOc4idsPackage.Published).WithName("GetPublishedOc4idsPackage")
            .Produces<Oc4idsPackage>()
            .AllowAnonymous();
        oc4ids.MapGet("/publications", Oc4idsPublications.List).WithName("ListOc4idsPublications")
            .RequireAuthorization(Policies.Administer);
        oc4ids.MapPost("/publications", Oc4idsPublications.Publish).WithName("PublishOc4idsPackage")
            .WithValidation<PublishOc4idsRequest>()
            .RequireAuthorization(Policies.Administer);
        oc4ids.MapDelete("/publications/{regionCode}/{year:int}", Oc4idsPublications.Unpublish).WithName("UnpublishOc4idsPackage")
            .RequireAuthorization(Policies.Administer);
        return app;
    }

    [GeneratedRegex("^oc4ids-[a-z0-9]{6}$")]
    private static partial Regex Oc4idsPrefix();
}

public static class GetOc4idsPackage
{
    /// <summary>OC4IDS leaves out what is unknown rather than writing null, and has no empty arrays.</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// The OC4IDS 0.9 project package of a region's projects in a year, from what the caller may see; with
    /// download=true as an attachment (an ASCII filename and a UTF-8 filename*, as the exports).
    /// </summary>
    public static async Task<Results<JsonHttpResult<Oc4idsPackage>, ValidationProblem, ProblemHttpResult>> Handle(
        string? regionCode, int? year, CallerScope scope, BureauClock clock, ComposeOc4idsPackage compose, HttpContext http,
        CancellationToken ct, bool? download = null)
    {
        var errors = new Dictionary<string, Message>();
        var region = await ExportRequests.RegionAsync(scope.Regions, regionCode, errors, ct);
        var current = clock.Today.Year;
        if (year is not { } y || y < 1990 || y > current)
        {
            errors["year"] = new($"Required: the year of the package as year=yyyy, from 1990 to {current}.",
                $"请指定数据包的年份，格式为year=yyyy，在1990到{current}之间。");
        }
        if (errors.Count > 0)
        {
            return Problems.Fields(errors);
        }
        var query = $"?regionCode={Uri.EscapeDataString(region!.Code)}&year={year}";
        var package = await compose.ComposeAsync(region, year!.Value, $"{Origin(http)}/api/v1/open-data/oc4ids{query}", ct);
        if (package.Projects.Count == 0)
        {
            return NoProjects(region.Code, region.Name, year.Value);
        }
        if (download == true)
        {
            XlsxAttachment.SetDisposition(http, $"oc4ids-{region.Code}-{year}.json",
                XlsxAttachment.DisplayName($"{region.Name}{year}年交通建设项目OC4IDS数据", ".json"));
        }
        return TypedResults.Json(package, Json);
    }

    /// <summary>A package an administrator has published: anonymous, the whole region as an administrator sees it.</summary>
    public static async Task<Results<JsonHttpResult<Oc4idsPackage>, ProblemHttpResult>> Published(
        string regionCode, int year, CallerContext caller, InvestmentDb db, ComposeOc4idsPackage compose, HttpContext http,
        CancellationToken ct)
    {
        var region = await db.Regions.AsNoTracking()
            .Where(r => r.Code == regionCode && db.OpenDataPublications.Any(p => p.RegionCode == r.Code && p.Year == year))
            .SingleOrDefaultAsync(ct);
        if (region is null)
        {
            return Problems.Problem(StatusCodes.Status404NotFound, Problems.NotFoundTitle,
                new($"No OC4IDS package of region '{regionCode}' for {year} is published.", $"行政区“{regionCode}”{year}年的OC4IDS数据包未公开发布。"));
        }
        caller.RunAs(Caller.System("open-data"));
        var package = await compose.ComposeAsync(region, year, $"{Origin(http)}{Oc4idsPublications.Url(region.Code, year)}", ct);
        return package.Projects.Count == 0 ? NoProjects(region.Code, region.Name, year) : TypedResults.Json(package, Json);
    }

    /// <summary>
    /// An OC4IDS package holds at least one project (the schema's minItems), so a region and year with none in scope
    /// answers 404 rather than a package that no validator accepts.
    /// </summary>
    private static ProblemHttpResult NoProjects(string regionCode, string regionName, int year) =>
        Problems.Problem(StatusCodes.Status404NotFound, Problems.NotFoundTitle, new(
            $"Region '{regionCode}' has no project to publish for {year}: an OC4IDS package holds at least one project.",
            $"{regionName}{year}年没有可发布的项目（OC4IDS数据包至少包含一个项目）。"));

    private static string Origin(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}";
}
