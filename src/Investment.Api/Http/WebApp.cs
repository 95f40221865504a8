
namespace Investment.Api.Http;

/// <summary>
/// The web app (web/, built into wwwroot) on the API's own origin: its files with precompressed, fingerprinted
/// answers (MapStaticAssets), and index.html for any other page path, so a link to /dashboard/330681 opens the app.
/// Paths the API owns never fall back to the page: an unknown /api/v1/... stays a 404 problem.
/// </summary>
public static class WebApp
{
    /// <summary>Path prefixes that belong to the API, not to the web app.</summary>
    public static readonly string[] ApiPrefixes = ["/api", "/health", "/openapi", "/swagger"];

    public static bool IsApiPath(PathString path) => ApiPrefixes.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    public static void MapWebApp(this WebApplication app)
    {
        // Without a built web app (a build with -p:BuildWebApp=false) the API still serves; / then says what is missing.
        var manifest = Path.Combine(AppContext.BaseDirectory, $"{app.Environment.ApplicationName}.staticwebassets.endpoints.json");
        if (File.Exists(manifest))
        {
            app.MapStaticAssets().AllowAnonymous();
        }
        // GET and HEAD only, so a wrong verb on an API route still answers 405.
        app.MapFallback("{*path:nonfile}", ServeIndexAsync).AllowAnonymous().ExcludeFromDescription().WithName("WebAppPage")
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]));
    }

    private static async Task<IResult> ServeIndexAsync(HttpContext context, IWebHostEnvironment environment)
    {
        if (IsApiPath(context.Request.Path))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found",
                detail: $"There is no endpoint at {context.Request.Path}.");
        }
        var index = environment.WebRootFileProvider.GetFileInfo("index.html");
        if (!index.Exists)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "The web app is not built",
                detail: "wwwroot/index.html is missing: build the API with Node.js installed (npm run build in web/).");
        }
        // The page names its hashed scripts, so it must never be cached past a deployment.
        context.Response.Headers.CacheControl = "no-cache";
        await using var stream = index.CreateReadStream();
        using var reader = new StreamReader(stream);
        return TypedResults.Content(await reader.ReadToEndAsync(context.RequestAborted), "text/html; charset=utf-8");
    }
}
