using Npgsql;

namespace Investment.Api.Tests.Faults;

/// <summary>
/// A transaction the test keeps open so that the app stops at a known statement: whatever needs a lock it holds waits
/// until <see cref="ReleaseAsync"/>. That pins the app mid-transaction deterministically, with no test hook in the app.
/// </summary>
internal sealed class Blocker : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private NpgsqlTransaction? _transaction;

    private Blocker(NpgsqlConnection connection, NpgsqlTransaction transaction, int processId)
    {
        _connection = connection;
        _transaction = transaction;
        ProcessId = processId;
    }

    /// <summary>The blocking session's backend pid.</summary>
    public int ProcessId { get; }

    /// <summary>Opens a transaction, runs <paramref name="sql"/> in it (a LOCK, an uncommitted INSERT) and keeps it open.</summary>
    public static async Task<Blocker> HoldAsync(string connectionString, string sql)
    {
        // Pooling off: the blocking session must really end when released, not wait in a pool.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand(sql, connection, transaction))
        {
            await command.ExecuteNonQueryAsync();
        }
        return new Blocker(connection, transaction, connection.ProcessID);
    }

    /// <summary>Rolls the transaction back, which lets whoever waited on it go on.</summary>
    public async Task ReleaseAsync()
    {
        if (_transaction is not null)
        {
            await _transaction.RollbackAsync();
            await _transaction.DisposeAsync();
            _transaction = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ReleaseAsync();
        await _connection.DisposeAsync();
    }
}

/// <summary>What the test sees of the app's database sessions.</summary>
internal static class Sessions
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>A session held up by a blocker: its pid, the statement it waits in, whether its transaction has written.</summary>
    public sealed record Waiter(int ProcessId, string Query, bool HasWritten);

    /// <summary>Waits until some session waits for a lock <paramref name="blocker"/> holds; fails with <paramref name="context"/>.</summary>
    public static async Task<Waiter> WaitForWaiterAsync(string connectionString, Blocker blocker, Func<string> context) =>
        (await WaitForWaitersAsync(connectionString, blocker, 1, context))[0];

    /// <summary>Waits until <paramref name="count"/> sessions wait for locks <paramref name="blocker"/> holds.</summary>
    public static async Task<List<Waiter>> WaitForWaitersAsync(string connectionString, Blocker blocker, int count, Func<string> context)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var waiters = new List<Waiter>();
            await using (var connection = await OpenAsync(connectionString))
            await using (var command = new NpgsqlCommand(
                "select pid, query, backend_xid is not null from pg_stat_activity where @blocker = any(pg_blocking_pids(pid))", connection))
            {
                command.Parameters.AddWithValue("blocker", blocker.ProcessId);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    waiters.Add(new Waiter(reader.GetInt32(0), reader.GetString(1), reader.GetBoolean(2)));
                }
            }
            if (waiters.Count >= count)
            {
                return waiters;
            }
            Assert.True(DateTime.UtcNow < deadline,
                $"{waiters.Count} of {count} sessions came to wait on the blocking transaction within {Timeout}.{Environment.NewLine}{context()}");
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Waits until backend <paramref name="processId"/> has ended. A killed client's session lives on until the server
    /// notices the dead socket (at its next read or write), and it must be gone before "nothing was committed" is judged.
    /// </summary>
    public static async Task WaitUntilGoneAsync(string connectionString, int processId)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            await using (var connection = await OpenAsync(connectionString))
            await using (var command = new NpgsqlCommand("select count(*) from pg_stat_activity where pid = @pid", connection))
            {
                command.Parameters.AddWithValue("pid", processId);
                if ((long)(await command.ExecuteScalarAsync())! == 0)
                {
                    return;
                }
            }
            Assert.True(DateTime.UtcNow < deadline, $"Session {processId} of the killed app was still there after {Timeout}.");
            await Task.Delay(50);
        }
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }
}
