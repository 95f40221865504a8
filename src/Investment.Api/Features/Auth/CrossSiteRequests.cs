using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Investment.Api.Features.Auth;

/// <summary>The token a page sends back in <see cref="CrossSiteRequests.HeaderName"/> with every change it makes.</summary>
public sealed record AntiforgeryTokenResponse(string HeaderName, string RequestToken);

/// <summary>
/// Cross-site request forgery, beyond the session cookie's SameSite=Strict (which an old browser or a same-site
/// subdomain does not honour): a change made with the session cookie must carry ASP.NET Core's antiforgery token in a
/// header, which another site's form or script cannot read or set. Requests signed with a bearer token are exempt: a
/// browser never adds one by itself. Signing in is anonymous and needs no token; the token is bound to the user, so
/// the web app fetches a fresh one after signing in.
/// </summary>
public static class CrossSiteRequests
{
    public const string HeaderName = "X-XSRF-TOKEN";

    public static IServiceCollection AddCrossSiteRequestChecks(this IServiceCollection services) =>
        services.AddAntiforgery(o =>
        {
            o.HeaderName = HeaderName;
            o.Cookie.Name = "investment.xsrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

    /// <summary>After authentication: refuses a cookie-authenticated unsafe request without a valid token (400).</summary>
    public static IApplicationBuilder UseCrossSiteRequestChecks(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (await CookieAuthenticatedChangeAsync(context)
                && !await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context))
            {
                await TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Antiforgery token missing or invalid",
                        detail: $"A change made with the session cookie needs the token from GET /api/v1/auth/antiforgery in the {HeaderName} header. Reload the page and try again.",
                        extensions: new Dictionary<string, object?> { ["code"] = ErrorCode })
                    .ExecuteAsync(context);
                return;
            }
            await next(context);
        });

    /// <summary>The <c>code</c> of the 400 answer, so a page knows to fetch a fresh token and try once more.</summary>
    public const string ErrorCode = "ANTIFORGERY_TOKEN";

    /// <summary>
    /// A signed-in unsafe request not carried by a valid bearer token: Identity's default scheme tries the bearer
    /// token first and falls back to the cookie, so whatever signed this request in without a bearer token was the cookie.
    /// </summary>
    private static async Task<bool> CookieAuthenticatedChangeAsync(HttpContext context)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method)
            || context.User.Identity?.IsAuthenticated != true)
        {
            return false;
        }
        var bearer = await context.AuthenticateAsync(IdentityConstants.BearerScheme);
        return !bearer.Succeeded;
    }

    /// <summary>Issues the token for the signed-in user (and its cookie half). Any signed-in user; bearer clients need none.</summary>
    public static Ok<AntiforgeryTokenResponse> GetToken(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new AntiforgeryTokenResponse(tokens.HeaderName ?? HeaderName, tokens.RequestToken!));
    }
}
