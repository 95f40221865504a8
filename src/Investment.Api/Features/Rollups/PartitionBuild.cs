using System.Globalization;
using System.Threading.Channels;
using Investment.Api.Data;
using Investment.Domain;
using Npgsql;

namespace Investment.Api.Features.Rollups;

/// <summary>
/// Builds a period's rows into a table of their own (<c>rollup_rows_yYYYYmMM_next</c>) on a connection of its own while
/// the roll-up still computes them: rows are copied in as each region's subtree is finished, then the primary key is built
/// once, in one sorted pass, and the table is committed, unattached. The roll-up's own
/// transaction then swaps it in for the period's partition (<see cref="PeriodRollup"/>), so readers never see it before
/// that commits. A run that fails after this commit leaves the table behind, unattached and unread; the period's next
/// run drops it first (the period's advisory lock, held by the roll-up, keeps two runs from building it at once).
/// </summary>
internal sealed class PartitionBuild : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly BinaryCopyWriter _copy;
    private readonly Channel<IReadOnlyList<RollupRow>> _batches = Channel.CreateUnbounded<IReadOnlyList<RollupRow>>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly Task<int> _writer;
    private readonly string _table;
    private bool _committed;

    private PartitionBuild(NpgsqlConnection connection, NpgsqlTransaction transaction, BinaryCopyWriter copy, string table, CancellationToken ct)
    {
        _connection = connection;
        _transaction = transaction;
        _copy = copy;
        _table = table;
        _writer = Task.Run(() => WriteAsync(ct), ct);
    }

    public static string TableName(ReportingMonth period) => PeriodRollup.PartitionName(period) + "_next";

    public static async Task<PartitionBuild> StartAsync(string connectionString, ReportingMonth period, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(ct);
            var transaction = await connection.BeginTransactionAsync(ct);
            var table = TableName(period);
            // Created in this transaction, so the copy can freeze its rows on the way in. No autovacuum on it until the
            // swap: the table is committed before the roll-up attaches it, and a vacuum of it then would hold up the swap.
            await using (var create = new NpgsqlCommand($"""
                drop table if exists {table};
                {RollupSql.CreatePartitionTable(table, period.Year, period.Month)} with (autovacuum_enabled = false);
                """, connection, transaction))
            {
                await create.ExecuteNonQueryAsync(ct);
            }
            var copy = await RollupRowsCopy.BeginAsync(connection, table, freeze: true, ct);
            return new PartitionBuild(connection, transaction, copy, table, ct);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Queues finished rows for the copy; safe to call from several threads at once.</summary>
    public void Add(IReadOnlyList<RollupRow> rows) => _batches.Writer.TryWrite(rows);

    /// <summary>Copies what is still queued, builds the primary key and commits the table. Returns the number of rows.</summary>
    public async Task<int> CompleteAsync(CancellationToken ct)
    {
        _batches.Writer.TryComplete();
        var count = await _writer;
        await _copy.CompleteAsync(ct);
        await using (var index = new NpgsqlCommand(string.Create(CultureInfo.InvariantCulture, $"""
            set local maintenance_work_mem = '256MB';
            alter table {_table} add constraint {_table}_pkey primary key (year, month, region_code, mode_category, mode, scope);
            """), _connection, _transaction))
        {
            await index.ExecuteNonQueryAsync(ct);
        }
        await _transaction.CommitAsync(ct);
        _committed = true;
        return count;
    }

    private async Task<int> WriteAsync(CancellationToken ct)
    {
        var count = 0;
        await foreach (var batch in _batches.Reader.ReadAllAsync(ct))
        {
            foreach (var row in batch)
            {
                await RollupRowsCopy.WriteAsync(_copy, row, ct);
            }
            count += batch.Count;
        }
        return count;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_committed)
        {
            // Abandoned (the roll-up failed or was cancelled): stop the writer, let go of the copy, roll the table back.
            _batches.Writer.TryComplete();
            try
            {
                await _writer;
            }
            catch (Exception)
            {
                // The roll-up reports its own failure; the writer's (a cancelled or broken copy) adds nothing to it.
            }
        }
        await _copy.DisposeAsync();
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
