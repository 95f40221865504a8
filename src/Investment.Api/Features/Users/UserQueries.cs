using FluentValidation.Results;
using Investment.Api.Data;
using Investment.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Users;

/// <summary>A user as administrators (and the user themself) see it; never a password hash or stamp.</summary>
public sealed record UserResponse(
    string Id,
    string Email,
    string? Role,
    IReadOnlyList<string> RegionCodes,
    IReadOnlyList<long> ProjectIds,
    IReadOnlyList<long> SectionIds,
    DateTimeOffset? LockedOutUntil,
    DateTimeOffset CreatedAt);

public static class UserQueries
{
    public static async Task<UserResponse> ResponseAsync(InvestmentDb db, UserManager<AppUser> users, AppUser user, CancellationToken ct)
    {
        var role = (await users.GetRolesAsync(user)).Order(StringComparer.Ordinal).FirstOrDefault();
        var scopes = await db.UserScopes.AsNoTracking().Where(s => s.UserId == user.Id).ToListAsync(ct);
        return From(user, role, scopes);
    }

    public static UserResponse From(AppUser user, string? role, IReadOnlyCollection<UserScope> scopes) => new(
        user.Id, user.Email ?? user.UserName ?? "", role,
        scopes.Where(s => s.RegionCode != null).Select(s => s.RegionCode!).Order(StringComparer.Ordinal).ToList(),
        scopes.Where(s => s.ProjectId != null).Select(s => s.ProjectId!.Value).Order().ToList(),
        scopes.Where(s => s.SectionId != null).Select(s => s.SectionId!.Value).Order().ToList(),
        user.LockoutEnd, user.CreatedAt);

    /// <summary>Identity's refusals as field errors: a wrong current password on one field, the password policy on the other.</summary>
    public static ValidationProblem PasswordProblem(IdentityResult result, string passwordField, string? currentPasswordField = null)
    {
        // Identity's descriptions come from IdentityMessages, so they are already in the request's language.
        var failures = result.Errors.Select(e => new ValidationFailure(e.Code switch
        {
            "PasswordMismatch" when currentPasswordField is not null => currentPasswordField,
            "DuplicateUserName" or "DuplicateEmail" or "InvalidEmail" or "InvalidUserName" => "email",
            _ => passwordField,
        }, e.Description));
        return Problems.Fields(new ValidationResult(failures));
    }
}
