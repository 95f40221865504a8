using System.Security.Cryptography;
using System.Text;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Investment.Api.Features.Auth;

/// <summary>
/// Bearer sessions of API clients. Identity's own refresh token was a sealed ticket that any holder could use again and
/// again for 14 days; here a refresh token is a random value the server keeps (as its SHA-256) and takes once. Each
/// refresh hands on a new token of the same family and marks the old one used. A used token presented again means two
/// holders, one of them a thief: its family and every session of the user end (the security stamp rotates, so access
/// tokens and cookies die too), and the audit trail records it. The access token stays Identity's own, so the bearer
/// handler reads it as before; the answer keeps Identity's shape (<see cref="AccessTokenResponse"/>).
/// </summary>
public sealed class BearerSessions(
    InvestmentDb db, SignInManager<AppUser> signIn, IOptionsMonitor<BearerTokenOptions> bearer, TimeProvider time,
    CallerContext caller, ILogger<BearerSessions> logger)
{
    /// <summary>The tokens of a new sign-in: a new family.</summary>
    public async Task<AccessTokenResponse> StartAsync(AppUser user, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // The user's expired tokens, and families left without any, go now: nothing else would ever remove them.
        await db.RefreshTokens.Where(t => t.ExpiresAt <= now && db.RefreshTokenFamilies.Any(f => f.Id == t.FamilyId && f.UserId == user.Id))
            .ExecuteDeleteAsync(ct);
        await db.RefreshTokenFamilies.Where(f => f.UserId == user.Id && !db.RefreshTokens.Any(t => t.FamilyId == f.Id))
            .ExecuteDeleteAsync(ct);
        var family = new RefreshTokenFamily { Id = Guid.NewGuid(), UserId = user.Id, CreatedAt = now };
        db.RefreshTokenFamilies.Add(family);
        return await IssueAsync(user, family.Id, now, ct);
    }

    /// <summary>New tokens for a refresh token taken now, or null when it is unknown, expired, revoked or reused.</summary>
    public async Task<AccessTokenResponse?> RefreshAsync(string? refreshToken, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(refreshToken) || refreshToken.Length > MaxTokenLength)
        {
            return null;
        }
        var hash = Hash(refreshToken);
        var now = time.GetUtcNow();
        // Taken only if nobody took it before: of two requests presenting the same token, exactly one gets it.
        var taken = await db.RefreshTokens.Where(t => t.TokenHash == hash && t.UsedAt == null && t.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), ct);
        var presented = await db.RefreshTokens.AsNoTracking().Where(t => t.TokenHash == hash)
            .Join(db.RefreshTokenFamilies, t => t.FamilyId, f => f.Id, (t, f) => new { t.ExpiresAt, Family = f })
            .FirstOrDefaultAsync(ct);
        if (presented is null || presented.Family.RevokedAt is not null || presented.ExpiresAt <= now)
        {
            // A token of a family already ended ends nothing more: an old stolen token must not sign the user out again and again.
            return null;
        }
        if (taken == 0)
        {
            await EndEverySessionAsync(presented.Family, now, ct);
            return null;
        }
        var user = await signIn.UserManager.FindByIdAsync(presented.Family.UserId);
        if (user is null || !await signIn.CanSignInAsync(user) || await signIn.UserManager.IsLockedOutAsync(user))
        {
            return null;
        }
        await db.RefreshTokens.Where(t => t.FamilyId == presented.Family.Id && t.ExpiresAt <= now).ExecuteDeleteAsync(ct);
        return await IssueAsync(user, presented.Family.Id, now, ct);
    }

    private async Task EndEverySessionAsync(RefreshTokenFamily family, DateTimeOffset now, CancellationToken ct)
    {
        var user = await signIn.UserManager.FindByIdAsync(family.UserId);
        // The request is anonymous: the trail names the account whose token was presented twice.
        caller.RunAs(new Caller(family.UserId, user?.UserName ?? family.UserId, Role: null));
        await db.RefreshTokenFamilies.Where(f => f.Id == family.Id && f.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.RevokedAt, now).SetProperty(f => f.RevokedReason, RefreshTokenFamily.Reuse), ct);
        if (user is not null)
        {
            // Ends the user's other families (a database trigger), access tokens and cookies.
            await signIn.UserManager.UpdateSecurityStampAsync(user);
        }
        logger.LogWarning("Refresh token of family {Family} presented again: every session of user {User} ended", family.Id, family.UserId);
    }

    private async Task<AccessTokenResponse> IssueAsync(AppUser user, Guid familyId, DateTimeOffset now, CancellationToken ct)
    {
        var options = bearer.Get(IdentityConstants.BearerScheme);
        var refreshToken = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        db.RefreshTokens.Add(new RefreshToken
        {
            TokenHash = Hash(refreshToken), FamilyId = familyId, IssuedAt = now, ExpiresAt = now + options.RefreshTokenExpiration,
        });
        await db.SaveChangesAsync(ct);
        // What Identity's bearer handler writes on sign-in, which reads it back (same protector, scheme and expiry).
        var ticket = new AuthenticationTicket(await signIn.CreateUserPrincipalAsync(user),
            new AuthenticationProperties { ExpiresUtc = now + options.BearerTokenExpiration }, $"{IdentityConstants.BearerScheme}:AccessToken");
        return new AccessTokenResponse
        {
            AccessToken = options.BearerTokenProtector.Protect(ticket),
            ExpiresIn = (long)options.BearerTokenExpiration.TotalSeconds,
            RefreshToken = refreshToken,
        };
    }

    private const int MaxTokenLength = 200;

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
