using Hangfire;
using Hangfire.Dashboard;
using Investment.Api.Features.Access;
using Investment.Api.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace Investment.Api.Scheduling;

/// <summary>
/// Hangfire's dashboard at /hangfire, for administrators signed in to the web app (its session cookie). Anyone else —
/// signed out, another role, a bearer token — gets the 404 an unknown page gets, so the dashboard's existence is not
/// advertised (Hangfire's own filter would answer 401/403). Read-only: jobs are started and followed through the API,
/// whose jobs rows a requeue or delete on the dashboard would leave behind.
/// </summary>
public static class JobsDashboard
{
    public const string Path = "/hangfire";

    /// <summary>Before routing: the dashboard is a branch of its own, not an endpoint, and is never the web app's page.</summary>
    public static IApplicationBuilder UseJobsDashboard(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments(Path), branch => branch.Use(async (context, next) =>
        {
            var cookie = await context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
            if (cookie.Principal is { } user && Caller.From(user).Role == Data.Roles.Administrator)
            {
                context.User = user;
                await next(context);
                return;
            }
            await Problems.NotFound(new($"Page {Path}", $"页面{Path}")).ExecuteAsync(context);
        }));
        app.UseHangfireDashboard(Path, new DashboardOptions
        {
            Authorization = [new AdministratorsOnly()],
            IsReadOnlyFunc = _ => true,
            DashboardTitle = "Investment · 后台任务 (Hangfire)",
            // "Back to site" opens the web app's 后台任务 screen.
            AppPath = "/jobs",
            DisplayStorageConnectionString = false,
        }, app.Services.GetRequiredService<JobStorage>());
        return app;
    }

    /// <summary>Behind the guard above, so it only ever sees administrators; kept so the dashboard never opens by itself.</summary>
    private sealed class AdministratorsOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) =>
            Caller.From(context.GetHttpContext().User).Role == Data.Roles.Administrator;
    }
}
