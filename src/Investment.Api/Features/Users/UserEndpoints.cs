using FluentValidation;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Users;

/// <summary>
/// A new user with one role and its scopes: planning and leadership name regions (a city covers its counties);
/// headquarters name projects and/or sections; administrators name none.
/// </summary>
public sealed record CreateUserRequest(
    string Email,
    string Password,
    string Role,
    IReadOnlyList<string>? RegionCodes,
    IReadOnlyList<long>? ProjectIds,
    IReadOnlyList<long>? SectionIds) : IUserShape;

/// <summary>Replaces a user's e-mail, role, scopes and lock. Changing any of them ends the user's sessions.</summary>
public sealed record UpdateUserRequest(
    string Email,
    string Role,
    IReadOnlyList<string>? RegionCodes,
    IReadOnlyList<long>? ProjectIds,
    IReadOnlyList<long>? SectionIds,
    bool Locked) : IUserShape;

public sealed record ResetPasswordRequest(string NewPassword);

public sealed record UserPage(IReadOnlyList<UserResponse> Items, int Page, int PageSize, int TotalCount);

public interface IUserShape
{
    string Email { get; }
    string Role { get; }
    IReadOnlyList<string>? RegionCodes { get; }
    IReadOnlyList<long>? ProjectIds { get; }
    IReadOnlyList<long>? SectionIds { get; }
}

public sealed class UserShapeValidator : AbstractValidator<IUserShape>
{
    public UserShapeValidator()
    {
        RuleFor(x => x.Email).NotEmpty().MaximumLength(256).EmailAddress();
        RuleFor(x => x.Role).Must(r => Roles.All.Contains(r)).Says(Messages.OneOf(string.Join(", ", Roles.All)));
        // One rule per condition: a When() applies to every validator before it in the same chain.
        RuleFor(x => x.RegionCodes).Must(c => c is { Count: > 0 }).When(x => x.Role is Roles.Planning or Roles.Leadership)
            .Says(new Message("Planning and leadership users need at least one region.", "计划科和领导用户至少要指定一个行政区。"));
        RuleFor(x => x.RegionCodes).Must(c => c is null or { Count: 0 }).When(x => x.Role is Roles.Administrator or Roles.Headquarters)
            .Says(new Message("Only planning and leadership users are scoped to regions.", "只有计划科和领导用户按行政区授权。"));
        RuleFor(x => x.RegionCodes).Must(c => c is null || c.Count <= 50).Says(new Message("At most 50 regions.", "最多50个行政区。"));
        RuleFor(x => x.ProjectIds).Must((x, p) => p is { Count: > 0 } || x.SectionIds is { Count: > 0 }).When(x => x.Role == Roles.Headquarters)
            .Says(new Message("Headquarters users need at least one project or section.", "项目指挥部用户至少要指定一个项目或标段。"));
        RuleFor(x => x.ProjectIds).Must(p => p is null or { Count: 0 }).When(x => x.Role != Roles.Headquarters)
            .Says(new Message("Only headquarters users are scoped to projects.", "只有项目指挥部用户按项目授权。"));
        RuleFor(x => x.ProjectIds).Must(c => c is null || c.Count <= 200).Says(new Message("At most 200 projects.", "最多200个项目。"));
        RuleFor(x => x.SectionIds).Must(p => p is null or { Count: 0 }).When(x => x.Role != Roles.Headquarters)
            .Says(new Message("Only headquarters users are scoped to sections.", "只有项目指挥部用户按标段授权。"));
        RuleFor(x => x.SectionIds).Must(c => c is null || c.Count <= 200).Says(new Message("At most 200 sections.", "最多200个标段。"));
    }
}

public sealed class CreateUserValidator : AbstractValidator<CreateUserRequest>
{
    public CreateUserValidator()
    {
        Include(new UserShapeValidator());
        RuleFor(x => x.Password).NotEmpty().MaximumLength(256);
    }
}

public sealed class UpdateUserValidator : AbstractValidator<UpdateUserRequest>
{
    public UpdateUserValidator() => Include(new UserShapeValidator());
}

public sealed class ResetPasswordValidator : AbstractValidator<ResetPasswordRequest>
{
    public ResetPasswordValidator() => RuleFor(x => x.NewPassword).NotEmpty().MaximumLength(256);
}

public static class UserEndpoints
{
    public const int MaxPageSize = 200;

    private static readonly Message LastAdministrator = new("This is the last active administrator; make another one first.",
        "这是最后一个有效的管理员账号，请先设置另一个管理员。");

    private static Message DuplicateEmail(string? email) =>
        new($"A user with e-mail '{email}' already exists.", $"邮箱“{email}”已被其他用户使用。");

    public static RouteGroupBuilder MapUsers(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/users").WithTags("Users").RequireAuthorization(Policies.Administer);
        group.MapGet("/", List).WithName("ListUsers");
        group.MapGet("/{id}", Get).WithName("GetUser");
        group.MapPost("/", Create).WithName("CreateUser").WithValidation<CreateUserRequest>();
        group.MapPut("/{id}", Update).WithName("UpdateUser").WithValidation<UpdateUserRequest>();
        group.MapDelete("/{id}", Delete).WithName("DeleteUser");
        group.MapPost("/{id}/password", ResetPassword).WithName("ResetUserPassword").WithValidation<ResetPasswordRequest>();
        return group;
    }

    /// <summary>Users, by e-mail; filter by role or a part of the e-mail.</summary>
    public static async Task<Results<Ok<UserPage>, ValidationProblem>> List(
        InvestmentDb db, CancellationToken ct, string? role = null, string? q = null, int page = 1, int pageSize = 50)
    {
        var errors = new Dictionary<string, Message>();
        if (role is not null && !Roles.All.Contains(role)) errors["role"] = Messages.OneOf(string.Join(", ", Roles.All));
        if (q is { Length: > 100 }) errors["q"] = Messages.AtMostCharacters(100);
        if (page < 1) errors["page"] = Messages.PageFrom1;
        if (pageSize is < 1 or > MaxPageSize) errors["pageSize"] = Messages.PageSizeUpTo(MaxPageSize);
        if (errors.Count > 0) return Problems.Fields(errors);

        var query = db.Users.AsNoTracking();
        if (role is not null) query = query.Where(u => db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == role));
        if (q is { Length: > 0 })
        {
            var normalized = q.ToUpperInvariant();
            query = query.Where(u => u.NormalizedEmail!.Contains(normalized));
        }
        var total = await query.CountAsync(ct);
        var users = await query.OrderBy(u => u.NormalizedEmail).ThenBy(u => u.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var ids = users.Select(u => u.Id).ToList();
        var roles = await db.UserRoles.AsNoTracking().Where(r => ids.Contains(r.UserId)).ToListAsync(ct);
        var scopes = (await db.UserScopes.AsNoTracking().Where(s => ids.Contains(s.UserId)).ToListAsync(ct)).ToLookup(s => s.UserId);
        var items = users.Select(u => UserQueries.From(u,
            roles.Where(r => r.UserId == u.Id).Select(r => r.RoleId).Order(StringComparer.Ordinal).FirstOrDefault(),
            scopes[u.Id].ToList())).ToList();
        return TypedResults.Ok(new UserPage(items, page, pageSize, total));
    }

    public static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> Get(
        string id, InvestmentDb db, UserManager<AppUser> users, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id);
        return user is null ? Problems.NotFound(new($"User {id}", $"用户{id}")) : TypedResults.Ok(await UserQueries.ResponseAsync(db, users, user, ct));
    }

    public static async Task<Results<Created<UserResponse>, ValidationProblem, ProblemHttpResult>> Create(
        CreateUserRequest request, InvestmentDb db, UserManager<AppUser> users, BureauClock clock, CancellationToken ct)
    {
        var scopeErrors = await ScopeErrorsAsync(db, request, ct);
        if (scopeErrors.Count > 0)
        {
            return Problems.Fields(scopeErrors);
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var user = new AppUser { UserName = request.Email.Trim(), Email = request.Email.Trim(), EmailConfirmed = true, CreatedAt = clock.Now };
        var created = await users.CreateAsync(user, request.Password);
        if (!created.Succeeded)
        {
            return created.Errors.Any(e => e.Code is "DuplicateUserName" or "DuplicateEmail")
                ? Problems.Conflict(DuplicateEmail(request.Email))
                : UserQueries.PasswordProblem(created, "password");
        }
        await users.AddToRoleAsync(user, request.Role);
        db.UserScopes.AddRange(ScopesOf(user.Id, request));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/api/v1/users/{user.Id}", await UserQueries.ResponseAsync(db, users, user, ct));
    }

    public static async Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult>> Update(
        string id, UpdateUserRequest request, InvestmentDb db, UserManager<AppUser> users, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return Problems.NotFound(new($"User {id}", $"用户{id}"));
        }
        var scopeErrors = await ScopeErrorsAsync(db, request, ct);
        if (scopeErrors.Count > 0)
        {
            return Problems.Fields(scopeErrors);
        }
        var currentRoles = await users.GetRolesAsync(user);
        var stopsBeingAdministrator = currentRoles.Contains(Roles.Administrator) && (request.Role != Roles.Administrator || request.Locked);
        if (stopsBeingAdministrator && !await OtherActiveAdministratorAsync(db, user.Id, ct))
        {
            return Problems.Conflict(LastAdministrator);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var email = request.Email.Trim();
        if (!string.Equals(user.Email, email, StringComparison.OrdinalIgnoreCase))
        {
            user.Email = email;
            user.UserName = email;
        }
        user.LockoutEnd = request.Locked ? DateTimeOffset.MaxValue : null;
        if (!request.Locked)
        {
            user.AccessFailedCount = 0;
        }
        // A new stamp ends the user's tokens and cookies, which still carry the old role.
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded)
        {
            return updated.Errors.Any(e => e.Code is "DuplicateUserName" or "DuplicateEmail")
                ? Problems.Conflict(DuplicateEmail(request.Email))
                : UserQueries.PasswordProblem(updated, "email");
        }
        if (!currentRoles.SequenceEqual([request.Role]))
        {
            await users.RemoveFromRolesAsync(user, currentRoles);
            await users.AddToRoleAsync(user, request.Role);
        }
        await db.UserScopes.Where(s => s.UserId == user.Id).ExecuteDeleteAsync(ct);
        db.UserScopes.AddRange(ScopesOf(user.Id, request));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(await UserQueries.ResponseAsync(db, users, user, ct));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string id, HttpContext http, InvestmentDb db, UserManager<AppUser> users, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return Problems.NotFound(new($"User {id}", $"用户{id}"));
        }
        if (user.Id == Caller.From(http.User).UserId)
        {
            return Problems.Conflict(new("You cannot delete your own account.", "不能删除自己的账号。"));
        }
        if (await users.IsInRoleAsync(user, Roles.Administrator) && !await OtherActiveAdministratorAsync(db, user.Id, ct))
        {
            return Problems.Conflict(LastAdministrator);
        }
        await users.DeleteAsync(user);
        return TypedResults.NoContent();
    }

    /// <summary>Sets a new password (the user's sessions end) and lifts a lockout.</summary>
    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ResetPassword(
        string id, ResetPasswordRequest request, UserManager<AppUser> users)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return Problems.NotFound(new($"User {id}", $"用户{id}"));
        }
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var reset = await users.ResetPasswordAsync(user, token, request.NewPassword);
        if (!reset.Succeeded)
        {
            return UserQueries.PasswordProblem(reset, "newPassword");
        }
        if (user.LockoutEnd is not null && user.LockoutEnd != DateTimeOffset.MaxValue)
        {
            await users.SetLockoutEndDateAsync(user, null);
        }
        await users.ResetAccessFailedCountAsync(user);
        return TypedResults.NoContent();
    }

    private static Task<bool> OtherActiveAdministratorAsync(InvestmentDb db, string userId, CancellationToken ct) =>
        db.Users.AnyAsync(u => u.Id != userId && (u.LockoutEnd == null || u.LockoutEnd != DateTimeOffset.MaxValue)
                               && db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == Roles.Administrator), ct);

    private static async Task<Dictionary<string, Message>> ScopeErrorsAsync(InvestmentDb db, IUserShape request, CancellationToken ct)
    {
        var errors = new Dictionary<string, Message>();
        var regionCodes = request.RegionCodes ?? [];
        var projectIds = request.ProjectIds ?? [];
        var sectionIds = request.SectionIds ?? [];
        var regions = await db.Regions.Where(r => regionCodes.Contains(r.Code)).Select(r => r.Code).ToListAsync(ct);
        var projects = await db.Projects.Where(p => projectIds.Contains(p.Id)).Select(p => p.Id).ToListAsync(ct);
        var sections = await db.Sections.Where(s => sectionIds.Contains(s.Id)).Select(s => s.Id).ToListAsync(ct);
        for (var i = 0; i < regionCodes.Count; i++)
        {
            if (!regions.Contains(regionCodes[i])) errors[$"regionCodes[{i}]"] = Messages.UnknownRegion(regionCodes[i]);
        }
        for (var i = 0; i < projectIds.Count; i++)
        {
            if (!projects.Contains(projectIds[i])) errors[$"projectIds[{i}]"] = new($"Project {projectIds[i]} does not exist.", $"项目{projectIds[i]}不存在。");
        }
        for (var i = 0; i < sectionIds.Count; i++)
        {
            if (!sections.Contains(sectionIds[i])) errors[$"sectionIds[{i}]"] = new($"Section {sectionIds[i]} does not exist.", $"标段{sectionIds[i]}不存在。");
        }
        return errors;
    }

    private static IEnumerable<UserScope> ScopesOf(string userId, IUserShape request) =>
        (request.RegionCodes ?? []).Distinct(StringComparer.Ordinal).Select(c => new UserScope { UserId = userId, RegionCode = c })
        .Concat((request.ProjectIds ?? []).Distinct().Select(p => new UserScope { UserId = userId, ProjectId = p }))
        .Concat((request.SectionIds ?? []).Distinct().Select(s => new UserScope { UserId = userId, SectionId = s }));
}
