using System.Text.Json;
using Investment.Api.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Investment.Api.Http;

/// <summary>Ready means: the database answers and every migration file has been applied to it.</summary>
public sealed class DatabaseReadyCheck(DatabaseConnection connection) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = new NpgsqlConnection(connection.ConnectionString);
            await db.OpenAsync(cancellationToken);
            var pending = await MigrationRunner.PendingAsync(db, cancellationToken);
            return pending.Count == 0
                ? HealthCheckResult.Healthy(new Message("Database reachable; all migrations applied.", "数据库可连接，迁移已全部执行。").Text)
                : HealthCheckResult.Unhealthy(new Message($"Migrations not applied: {string.Join(", ", pending)}.",
                    $"尚未执行的迁移：{string.Join("、", pending)}。").Text);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy(new Message("Database not reachable.", "无法连接数据库。").Text);
        }
    }
}

public static class Health
{
    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        // Load balancers and orchestrators probe these without credentials.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteAsync })
            .AllowAnonymous();
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description }),
        }));
    }
}
