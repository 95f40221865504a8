using Investment.Api.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Investment.Api.Features.Auth;

/// <summary>Configuration keys under <c>Auth</c>; every one has a safe default.</summary>
public sealed class AuthOptions
{
    public int AccessTokenMinutes { get; set; } = 60;
    public int RefreshTokenDays { get; set; } = 14;
    public int CookieHours { get; set; } = 8;
}

public static class IdentitySetup
{
    public static IServiceCollection AddInvestmentIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AuthOptions>(configuration.GetSection("Auth"));
        // One key ring for every instance, in the database; a fixed application name so instances installed in
        // different folders still read each other's tokens.
        services.AddDataProtection().SetApplicationName("Investment");
        services.AddOptions<KeyManagementOptions>().Configure<DatabaseConnection>((o, connection) =>
            o.XmlRepository = new DatabaseKeyRepository(connection));
        services.AddIdentityApiEndpoints<AppUser>(o =>
            {
                o.Password.RequiredLength = 12;
                o.Password.RequireUppercase = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireDigit = true;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 6;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = true;
            })
            // Without the role services, role claims never reach the principal and every role check fails.
            .AddRoles<IdentityRole>()
            .AddErrorDescriber<IdentityMessages>()
            .AddEntityFrameworkStores<InvestmentDb>();
        services.AddScoped<BearerSessions>();

        services.AddOptions<BearerTokenOptions>(IdentityConstants.BearerScheme).Configure<IOptions<AuthOptions>>((o, auth) =>
        {
            o.BearerTokenExpiration = TimeSpan.FromMinutes(auth.Value.AccessTokenMinutes);
            o.RefreshTokenExpiration = TimeSpan.FromDays(auth.Value.RefreshTokenDays);
            o.Events.OnMessageReceived = StaleTokens.RejectAsync;
        });
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme).Configure<IOptions<AuthOptions>>((o, auth) =>
        {
            o.Cookie.Name = "investment.auth";
            o.Cookie.HttpOnly = true;
            // Strict: a cookie-authenticated write can only come from our own pages, which is the CSRF defence.
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(auth.Value.CookieHours);
            o.SlidingExpiration = true;
            // An API answers 401/403; it has no login page to redirect to.
            o.Events.OnRedirectToLogin = c => { c.Response.StatusCode = StatusCodes.Status401Unauthorized; return Task.CompletedTask; };
            o.Events.OnRedirectToAccessDenied = c => { c.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
            // Identity's own validator looks at the stamp only every 30 minutes; this looks on every request.
            o.Events.OnValidatePrincipal = StaleTokens.RejectCookieAsync;
        });
        return services;
    }
}

/// <summary>
/// Identity's bearer handler only checks a token's expiry, and its cookie validator checks the security stamp only
/// every 30 minutes. Logging out, a new password and a role change rotate the user's stamp; these checks refuse a
/// token or cookie carrying an older stamp (or a deleted user's) on the very next request.
/// </summary>
public static class StaleTokens
{
    public static async Task RejectCookieAsync(CookieValidatePrincipalContext context)
    {
        var signIn = context.HttpContext.RequestServices.GetRequiredService<SignInManager<AppUser>>();
        if (context.Principal is null || await signIn.ValidateSecurityStampAsync(context.Principal) is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }

    public static async Task RejectAsync(MessageReceivedContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return;
        }
        var ticket = context.Options.BearerTokenProtector.Unprotect(header["Bearer ".Length..]);
        if (ticket?.Principal is null)
        {
            return; // the handler itself refuses a token it cannot read
        }
        var signIn = context.HttpContext.RequestServices.GetRequiredService<SignInManager<AppUser>>();
        if (await signIn.ValidateSecurityStampAsync(ticket.Principal) is null)
        {
            context.Fail("The token has been revoked.");
        }
    }
}
