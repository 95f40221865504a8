using System.Security.Claims;
using Investment.Api.Data;

namespace Investment.Api.Features.Access;

/// <summary>
/// Who is asking: a signed-in user with their role, or the system itself (start-up, scheduled jobs), which sees
/// everything. <see cref="Actor"/> is the name the audit trail records: the user's name, or <c>system:&lt;what&gt;</c>
/// (system:startup, system:scheduler, system:create-admin, system:seed) for work nobody signed in for.
/// </summary>
public sealed record Caller(string? UserId, string Actor, string? Role, bool IsSystem = false)
{
    public static readonly Caller Anonymous = new(null, "anonymous", null);

    public static Caller System(string name) => new(null, $"system:{name}", null, IsSystem: true);

    public bool IsAdministrator => IsSystem || Role == Roles.Administrator;

    public bool HasRole(IEnumerable<string> roles) => Role is not null && roles.Contains(Role);

    public static Caller From(ClaimsPrincipal? principal)
    {
        if (principal?.Identity is not { IsAuthenticated: true } identity)
        {
            return Anonymous;
        }
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var role = Roles.WidestOf(principal.IsInRole);
        return new Caller(id, identity.Name ?? id ?? "unknown", role);
    }
}

/// <summary>
/// The caller of the current unit of work: the HTTP request's user, or whoever a background job runs for
/// (<see cref="RunAs"/>). Without either, the work is the system's own.
/// </summary>
public sealed class CallerContext(IHttpContextAccessor http)
{
    private Caller? _runAs;

    public Caller Current => _runAs ?? (http.HttpContext is { } context ? Caller.From(context.User) : Caller.System("background"));

    /// <summary>Makes the rest of this DI scope act for <paramref name="caller"/> (a job runs with its starter's scope).</summary>
    public void RunAs(Caller caller) => _runAs = caller;
}
