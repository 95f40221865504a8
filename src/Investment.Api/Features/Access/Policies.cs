using Investment.Api.Data;
using Investment.Api.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Investment.Api.Features.Access;

/// <summary>
/// The verbs an endpoint may require, each a set of roles. Every /api/v1 endpoint needs at least <see cref="Read"/>;
/// writes name their verb with <c>RequireAuthorization(Policies.X)</c> next to their route.
/// </summary>
public static class Policies
{
    /// <summary>Any role: the data itself is narrowed to the caller's scope by <see cref="CallerScope"/>.</summary>
    public const string Read = "read";

    /// <summary>Projects, sections, milestones, plans, funding and physical quantities.</summary>
    public const string RegistryWrite = "registry-write";

    /// <summary>Monthly reports (save, submit, correct) and land issues: headquarters for their own sections.</summary>
    public const string ReportWrite = "report-write";

    /// <summary>Approving or returning a submitted report.</summary>
    public const string ReportDecide = "report-decide";

    /// <summary>Roll-up tables, rankings and Excel exports (with the caller's region filter applied).</summary>
    public const string RollupRead = "rollup-read";

    /// <summary>Starting roll-ups and reminders.</summary>
    public const string RollupRun = "rollup-run";

    /// <summary>Users, settings, regional tasks and the audit trail.</summary>
    public const string Administer = "administer";

    public static readonly IReadOnlyDictionary<string, VerbRequirement> Verbs = new Dictionary<string, VerbRequirement>
    {
        [Read] = new(Read, Roles.All, Writes: false),
        [RegistryWrite] = new(RegistryWrite, [Roles.Administrator, Roles.Planning], Writes: true),
        [ReportWrite] = new(ReportWrite, [Roles.Administrator, Roles.Planning, Roles.Headquarters], Writes: true),
        [ReportDecide] = new(ReportDecide, [Roles.Administrator, Roles.Planning], Writes: true),
        [RollupRead] = new(RollupRead, [Roles.Administrator, Roles.Planning, Roles.Leadership], Writes: false),
        [RollupRun] = new(RollupRun, [Roles.Administrator, Roles.Planning], Writes: true),
        [Administer] = new(Administer, [Roles.Administrator], Writes: true),
    };

    public static IServiceCollection AddAccessControl(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<CallerContext>();
        services.AddScoped<CallerScope>();
        services.AddScoped<ObjectAccess>();
        services.AddSingleton<IAuthorizationHandler, VerbHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AccessResultHandler>();
        var builder = services.AddAuthorizationBuilder()
            // An endpoint nobody thought about still needs a signed-in user; health and the OpenAPI document opt out.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        foreach (var (name, requirement) in Verbs)
        {
            builder.AddPolicy(name, p => p.RequireAuthenticatedUser().AddRequirements(requirement));
        }
        return services;
    }
}

/// <summary>A verb: which roles hold it, and whether the addressed object must also be one the caller may change.</summary>
public sealed record VerbRequirement(string Name, IReadOnlyList<string> Roles, bool Writes) : IAuthorizationRequirement;

public sealed class VerbHandler : AuthorizationHandler<VerbRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, VerbRequirement requirement)
    {
        var caller = Caller.From(context.User);
        if (!caller.HasRole(requirement.Roles))
        {
            return;
        }
        if (requirement.Writes && context.Resource is HttpContext http && RouteObjects.Locate(http) is { } target
            && !await http.RequestServices.GetRequiredService<ObjectAccess>().IsWritableAsync(target, http.RequestAborted))
        {
            return;
        }
        context.Succeed(requirement);
    }
}

/// <summary>
/// Answers a refused request the way the API promises: 401 without a valid sign-in; 404 when the addressed object is
/// outside the caller's scope (or does not exist), so its existence is not revealed; 403 when it is in scope but the
/// caller's role may not do this to it.
/// </summary>
public sealed class AccessResultHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Forbidden || context.User.Identity is not { IsAuthenticated: true })
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }
        var target = RouteObjects.Locate(context);
        var visible = target is null
            || await context.RequestServices.GetRequiredService<ObjectAccess>().IsVisibleAsync(target, context.RequestAborted);
        context.Response.StatusCode = visible ? StatusCodes.Status403Forbidden : StatusCodes.Status404NotFound;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = visible
                ? Problems.Details(403, new("Forbidden", "没有权限"), new("Your role may not do this here.", "您的角色不能在此进行这项操作。"))
                : Problems.Details(404, Problems.NotFoundTitle, Problems.DoesNotExist(Describe(target!))),
        });
    }

    private static Message Describe(ObjectRef target) => target.Kind switch
    {
        ObjectKind.Project => new($"Project {target.Key}", $"项目{target.Key}"),
        ObjectKind.Section => new($"Section {target.Key}", $"标段{target.Key}"),
        ObjectKind.LandIssue => new($"Land issue {target.Key}", $"征迁问题{target.Key}"),
        ObjectKind.FundingLine => new($"Funding line {target.Key}", $"资金来源{target.Key}"),
        ObjectKind.QuantityTarget => new($"Quantity target {target.Key}", $"实物工程量目标{target.Key}"),
        ObjectKind.Region => new($"Region '{target.Key}'", $"行政区“{target.Key}”"),
        ObjectKind.Job => new($"Job {target.Key}", $"任务{target.Key}"),
        _ => new($"User {target.Key}", $"用户{target.Key}"),
    };
}
