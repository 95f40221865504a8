
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
    }

    /// <summary>
    /// The page, for a page path no endpoint takes. Middleware right after routing rather than a fallback endpoint: an
    /// endpoint on every path would turn a POST to an unknown API path into 405, or a wrong verb on an API route into
    /// 404; here routing decides first. Before authorization, whose fallback policy would refuse the sign-in page itself.
    /// </summary>
    public static IApplicationBuilder UseWebAppPages(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint() is null && IsPagePath(context.Request))
            {
                await ServeIndexAsync(context, context.RequestServices.GetRequiredService<IWebHostEnvironment>());
                return;
            }
            await next(context);
        });

    /// <summary>A GET or HEAD of a path outside the API's with no file extension: a page of the web app.</summary>
    public static bool IsPagePath(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && !IsApiPath(request.Path) && !Path.HasExtension(request.Path.Value);

    private static async Task ServeIndexAsync(HttpContext context, IWebHostEnvironment environment)
    {
        var index = environment.WebRootFileProvider.GetFileInfo("index.html");
        if (!index.Exists)
        {
            await Problems.Problem(StatusCodes.Status404NotFound, new("The web app is not built", "网页端尚未构建"),
                new("wwwroot/index.html is missing: build the API with Node.js installed (npm run build in web/).",
                    "缺少wwwroot/index.html：请在装有Node.js的机器上构建（在web/中运行npm run build）。")).ExecuteAsync(context);
            return;
        }
        // The page names its hashed scripts, so it must never be cached past a deployment.
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.ContentLength = index.Length;
        if (HttpMethods.IsGet(context.Request.Method))
        {
            await context.Response.SendFileAsync(index, context.RequestAborted);
        }
    }
}
