using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Investment.Api.Features.Access;

/// <summary>
/// Tells PostgreSQL who is acting on every connection EF opens (session setting <c>investment.actor</c>), so the audit
/// trigger records the signed-in user, or system / scheduler for background work, whatever statement does the write.
/// </summary>
public sealed class AuditActor(CallerContext caller) : DbConnectionInterceptor
{
    public const string Setting = "investment.actor";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = Command(connection);
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = Command(connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private DbCommand Command(DbConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = $"select set_config('{Setting}', $1, false)";
        var actor = command.CreateParameter();
        actor.Value = caller.Current.Actor;
        command.Parameters.Add(actor);
        return command;
    }
}
