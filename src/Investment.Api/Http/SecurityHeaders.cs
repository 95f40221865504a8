using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Investment.Api.Http;

/// <summary>Configuration keys under <c>Limits</c>.</summary>
public sealed class RequestLimitOptions
{
    /// <summary>Largest request body in bytes (JSON). Default 1 MiB. Uploads declare their own limit (Imports:MaxBytes).</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}

/// <summary>
/// Headers every answer carries, and the request body limit. The API answers JSON and files only, so its content
/// policy forbids everything; the Swagger UI pages get a policy that lets its own scripts and styles run, and the web
/// app's pages one that runs its own scripts only.
/// </summary>
public static class SecurityHeaders
{
    private const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    // Swagger UI's page has an inline bootstrap script and inline styles; everything it loads comes from this host.
    private const string SwaggerPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'";

    // The web app: its own scripts only (no inline script, nothing from elsewhere); Element Plus and ECharts set inline
    // styles, which is all 'unsafe-inline' allows here.
    private const string WebAppPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'";

    // Hangfire's dashboard (administrators only): its own scripts and styles; its pages set inline style attributes.
    private const string JobsDashboardPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
                var path = context.Request.Path;
                headers.ContentSecurityPolicy = path.StartsWithSegments("/swagger") ? SwaggerPolicy
                    : path.StartsWithSegments(Scheduling.JobsDashboard.Path) ? JobsDashboardPolicy
                    : WebApp.IsApiPath(path) ? ApiPolicy
                    : WebAppPolicy;
                headers.Remove("Server");
                return Task.CompletedTask;
            });
            await next(context);
        });

    /// <summary>
    /// Refuses a body above the limit with 413 before anything reads it. Kestrel enforces the same limit on the
    /// stream (chunked bodies too); this check also answers in problem details and covers hosts without Kestrel.
    /// </summary>
    public static IApplicationBuilder UseRequestBodyLimits(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            // An endpoint with its own limit (the Excel upload: RequestSizeLimit from Imports:MaxBytes) has had it set
            // by routing and answers an oversized body itself, in the words its users read.
            if (context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is not null)
            {
                await next(context);
                return;
            }
            var limit = context.RequestServices.GetRequiredService<IOptions<RequestLimitOptions>>().Value.MaxRequestBodyBytes;
            if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = limit;
            }
            if (context.Request.ContentLength > limit)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = Problems.Details(StatusCodes.Status413PayloadTooLarge, new("Request too large", "请求内容过大"),
                        new($"The request body may be at most {limit} bytes.", $"请求内容最多{limit}字节。")),
                });
                return;
            }
            await next(context);
        });
}
