using FluentValidation;
using Investment.Api.Data;
using Investment.Api.Features.Users;
using Investment.Api.Http;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Investment.Api.Features.Auth;

public sealed record LoginRequest(string Email, string Password);

public sealed record RefreshRequest(string RefreshToken);

public sealed record ChangePasswordRequest(string OldPassword, string NewPassword);

public sealed class LoginValidator : AbstractValidator<LoginRequest>
{
    public LoginValidator()
    {
        RuleFor(x => x.Email).NotEmpty().MaximumLength(256);
        RuleFor(x => x.Password).NotEmpty().MaximumLength(256);
    }
}

public sealed class ChangePasswordValidator : AbstractValidator<ChangePasswordRequest>
{
    public ChangePasswordValidator()
    {
        RuleFor(x => x.OldPassword).NotEmpty();
        RuleFor(x => x.NewPassword).NotEmpty().MaximumLength(256);
    }
}

/// <summary>
/// Sign-in for API clients (opaque bearer tokens: access 1 h, refresh 14 d) and browsers (<c>?useCookies=true</c>).
/// There is no self-registration: administrators create users under /api/v1/users.
/// </summary>
public static class AuthEndpoints
{
    private static readonly Message YourAccount = new("Your account", "您的账号");

    public static RouteGroupBuilder MapAuth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/auth").WithTags("Sign-in");
        group.MapPost("/login", Login).WithName("Login").AllowAnonymous().RequireRateLimiting(RateLimits.Login)
            .WithValidation<LoginRequest>();
        group.MapPost("/refresh", Refresh).WithName("RefreshToken").AllowAnonymous().RequireRateLimiting(RateLimits.Login);
        group.MapPost("/logout", Logout).WithName("Logout").RequireAuthorization();
        group.MapGet("/manage/info", GetInfo).WithName("GetMyAccount").RequireAuthorization();
        group.MapGet("/antiforgery", CrossSiteRequests.GetToken).WithName("GetAntiforgeryToken").RequireAuthorization();
        group.MapPost("/manage/info", ChangePassword).WithName("ChangeMyPassword").RequireAuthorization()
            .WithValidation<ChangePasswordRequest>();
        return group;
    }

    /// <summary>
    /// Signs in: the answer holds an access and a refresh token, or with useCookies=true sets the session cookie.
    /// Five wrong passwords lock the account for 15 minutes.
    /// </summary>
    public static async Task<Results<Ok<AccessTokenResponse>, EmptyHttpResult, ProblemHttpResult>> Login(
        LoginRequest request, SignInManager<AppUser> signIn, BearerSessions sessions, CancellationToken ct, bool? useCookies = null)
    {
        SignInResult result;
        AppUser? bearerUser = null;
        if (useCookies == true)
        {
            signIn.AuthenticationScheme = IdentityConstants.ApplicationScheme;
            result = await signIn.PasswordSignInAsync(request.Email, request.Password, isPersistent: false, lockoutOnFailure: true);
        }
        else
        {
            // The same checks as PasswordSignInAsync (lockout, failed-attempt count), but the tokens are ours: the refresh
            // token must be kept on the server (BearerSessions).
            bearerUser = await signIn.UserManager.FindByNameAsync(request.Email);
            result = bearerUser is null ? SignInResult.Failed
                : await signIn.CheckPasswordSignInAsync(bearerUser, request.Password, lockoutOnFailure: true);
        }
        if (!result.Succeeded)
        {
            // One answer for a wrong e-mail, a wrong password and a locked account, so none of them can be probed.
            return Problems.Problem(StatusCodes.Status401Unauthorized, new("Sign-in failed", "登录失败"),
                new("The e-mail or password is wrong, or the account is locked for 15 minutes after 5 failed attempts.",
                    "邮箱或密码错误；连续输错5次后账号将锁定15分钟。"));
        }
        // The cookie scheme has set its cookie.
        return bearerUser is null ? TypedResults.Empty : TypedResults.Ok(await sessions.StartAsync(bearerUser, ct));
    }

    /// <summary>
    /// New tokens for a refresh token, which is thereby used up: keep the new refresh token from the answer. A refresh
    /// token used a second time ends every session of its user (sign in again). Also refused after signing out or a
    /// password change or reset.
    /// </summary>
    public static async Task<Results<Ok<AccessTokenResponse>, ProblemHttpResult>> Refresh(
        RefreshRequest request, BearerSessions sessions, CancellationToken ct) =>
        await sessions.RefreshAsync(request.RefreshToken, ct) is { } tokens
            ? TypedResults.Ok(tokens)
            : Problems.Problem(StatusCodes.Status401Unauthorized, new("Refresh failed", "登录已失效"),
                new("The refresh token is invalid, expired, already used or revoked. Sign in again.", "登录已过期或已退出，请重新登录。"));

    /// <summary>
    /// Signs out everywhere: clears the cookie and rotates the security stamp, which ends every access and refresh
    /// token the user holds.
    /// </summary>
    public static async Task<NoContent> Logout(HttpContext http, SignInManager<AppUser> signIn, UserManager<AppUser> users)
    {
        if (await users.GetUserAsync(http.User) is { } user)
        {
            await users.UpdateSecurityStampAsync(user);
        }
        await signIn.SignOutAsync();
        return TypedResults.NoContent();
    }

    /// <summary>The signed-in user: e-mail, role and scopes.</summary>
    public static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> GetInfo(
        HttpContext http, UserManager<AppUser> users, InvestmentDb db, CancellationToken ct)
    {
        var user = await users.GetUserAsync(http.User);
        return user is null
            ? Problems.NotFound(YourAccount)
            : TypedResults.Ok(await UserQueries.ResponseAsync(db, users, user, ct));
    }

    /// <summary>
    /// Changes the caller's own password. Only the password: role, scopes and e-mail are the administrator's. A new
    /// password ends every session, this one included; sign in again.
    /// </summary>
    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ChangePassword(
        ChangePasswordRequest request, HttpContext http, UserManager<AppUser> users, SignInManager<AppUser> signIn)
    {
        var user = await users.GetUserAsync(http.User);
        if (user is null)
        {
            return Problems.NotFound(YourAccount);
        }
        var result = await users.ChangePasswordAsync(user, request.OldPassword, request.NewPassword);
        if (!result.Succeeded)
        {
            return UserQueries.PasswordProblem(result, "newPassword", "oldPassword");
        }
        await signIn.SignOutAsync();
        return TypedResults.NoContent();
    }
}
