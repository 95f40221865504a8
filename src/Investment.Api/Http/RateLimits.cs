using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Investment.Api.Http;

/// <summary>Configuration keys under <c>RateLimits</c>.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Sign-in and refresh attempts per client IP address per minute.</summary>
    public int LoginPerMinute { get; set; } = 10;

    /// <summary>Writes (POST, PUT, PATCH, DELETE) per signed-in user per minute.</summary>
    public int WritesPerMinute { get; set; } = 120;
}

/// <summary>
/// ASP.NET Core's rate limiter: sign-in by client IP (guessing passwords), writes by user (a runaway script). Reads
/// are not limited. Refusals are 429 problem details with Retry-After. Behind a reverse proxy, configure forwarded
/// headers so the client IP is the real one.
/// </summary>
public static class RateLimits
{
    public const string Login = "login";

    public static IServiceCollection AddInvestmentRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RateLimitOptions>(configuration.GetSection("RateLimits"));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(Login, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => PerMinute(Limits(http).LoginPerMinute)));
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method)
                    || http.User.FindFirstValue(ClaimTypes.NameIdentifier) is not { } user
                    ? RateLimitPartition.GetNoLimiter("reads")
                    : RateLimitPartition.GetFixedWindowLimiter(user, _ => PerMinute(Limits(http).WritesPerMinute)));
            o.OnRejected = async (context, ct) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter =
                        ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }
                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = Problems.Details(StatusCodes.Status429TooManyRequests, new("Too many requests", "操作过于频繁"),
                        new("Slow down and try again in a minute.", "操作过于频繁，请一分钟后再试。")),
                });
            };
        });
        return services;
    }

    private static RateLimitOptions Limits(HttpContext http) => http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;

    private static FixedWindowRateLimiterOptions PerMinute(int permits) => new()
    {
        PermitLimit = Math.Max(1, permits),
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
