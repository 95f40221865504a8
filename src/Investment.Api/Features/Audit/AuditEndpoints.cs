using System.Text.Json;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Audit;

/// <summary>One change: who (user e-mail, system:&lt;what&gt; such as system:scheduler, or db:&lt;role&gt;), when, which row, before and after.</summary>
public sealed record AuditEntryResponse(
    long Id, DateTimeOffset At, string Actor, string Action, string Table, string RowKey, JsonElement? Before, JsonElement? After);

public sealed record AuditPage(IReadOnlyList<AuditEntryResponse> Items, int Page, int PageSize, int TotalCount);

public static class AuditEndpoints
{
    public const int MaxPageSize = 500;

    public static RouteGroupBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/audit").WithTags("Audit trail").RequireAuthorization(Policies.Administer);
        group.MapGet("/", List).WithName("ListAuditEntries");
        return group;
    }

    /// <summary>
    /// The audit trail, newest first. Filter by table (e.g. projects), row key (the row's id; composite keys joined
    /// with '/', e.g. 12/2023 for a section's 2023 plan), actor, and a time range [from, to).
    /// </summary>
    public static async Task<Results<Ok<AuditPage>, ValidationProblem>> List(
        InvestmentDb db, CancellationToken ct, string? table = null, string? rowKey = null, string? actor = null,
        DateTimeOffset? from = null, DateTimeOffset? to = null, int page = 1, int pageSize = 100)
    {
        var errors = new Dictionary<string, Message>();
        if (table is { Length: > 64 }) errors["table"] = Messages.AtMostCharacters(64);
        if (rowKey is { Length: > 200 }) errors["rowKey"] = Messages.AtMostCharacters(200);
        if (actor is { Length: > 256 }) errors["actor"] = Messages.AtMostCharacters(256);
        if (from is not null && to is not null && to <= from) errors["to"] = new("Must be later than from.", "结束时间应晚于开始时间。");
        if (page < 1) errors["page"] = Messages.PageFrom1;
        if (pageSize is < 1 or > MaxPageSize) errors["pageSize"] = Messages.PageSizeUpTo(MaxPageSize);
        if (errors.Count > 0) return Problems.Fields(errors);

        var query = db.AuditLog.AsNoTracking();
        if (table is not null) query = query.Where(a => a.TableName == table);
        if (rowKey is not null) query = query.Where(a => a.RowKey == rowKey);
        if (actor is not null) query = query.Where(a => a.Actor == actor);
        // PostgreSQL keeps instants in UTC, and Npgsql only writes UTC offsets.
        if (from?.ToUniversalTime() is { } since) query = query.Where(a => a.At >= since);
        if (to?.ToUniversalTime() is { } until) query = query.Where(a => a.At < until);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(a => a.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var items = rows.Select(a => new AuditEntryResponse(a.Id, a.At, a.Actor, a.Action, a.TableName, a.RowKey,
            a.Before?.RootElement.Clone(), a.After?.RootElement.Clone())).ToList();
        return TypedResults.Ok(new AuditPage(items, page, pageSize, total));
    }
}
