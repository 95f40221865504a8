using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Investment.Api.Data;

/// <summary>
/// Applies the versioned SQL files embedded from migrations/ in order, each in its own transaction, and records
/// them with a checksum. An applied file that was edited afterwards stops start-up: the schema would no longer be
/// what the files say.
/// </summary>
public sealed class MigrationRunner(ILogger<MigrationRunner> logger)
{
    // Any constant works as long as every instance of the app uses the same one; it serialises concurrent start-ups.
    // Hangfire's schema installer (Scheduling) takes it too.
    public const long AdvisoryLockKey = 7_240_411_2023;

    public sealed record MigrationFile(string Version, string Name, string Sql, string Checksum);

    public static IReadOnlyList<MigrationFile> LoadEmbedded()
    {
        var assembly = typeof(MigrationRunner).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("migrations/", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => ReadFile(assembly, n))
            .ToList();
    }

    private static MigrationFile ReadFile(Assembly assembly, string resourceName)
    {
        using var stream = assembly.GetManifestResourceStream(resourceName)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        // Normalise line endings so a checkout with CRLF does not look like an edited migration.
        var sql = reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
        var fileName = resourceName["migrations/".Length..^".sql".Length];
        var separator = fileName.IndexOf('_', StringComparison.Ordinal);
        if (separator != 4 || !fileName[..4].All(char.IsAsciiDigit))
        {
            throw new InvalidOperationException($"Migration file '{fileName}.sql' must be named NNNN_verb_object.sql.");
        }
        var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
        return new MigrationFile(fileName[..4], fileName[5..], sql, checksum);
    }

    public async Task<int> MigrateAsync(string connectionString, CancellationToken ct)
    {
        var files = LoadEmbedded();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await ExecuteAsync(connection, $"select pg_advisory_lock({AdvisoryLockKey})", ct);
        try
        {
            await ExecuteAsync(connection, """
                create table if not exists schema_migrations (
                    version    text primary key,
                    name       text not null,
                    checksum   text not null,
                    applied_at timestamptz not null default now())
                """, ct);
            var applied = await ReadAppliedAsync(connection, ct);
            VerifyAppliedFilesUnchanged(files, applied);

            var count = 0;
            foreach (var file in files.Where(f => !applied.ContainsKey(f.Version)))
            {
                logger.LogInformation("Applying migration {Version}_{Name}", file.Version, file.Name);
                await using var tx = await connection.BeginTransactionAsync(ct);
                // No time limit: a migration that rebuilds derived rows takes as long as the data it reads.
                await using (var command = new NpgsqlCommand(file.Sql, connection, tx) { CommandTimeout = 0 })
                {
                    await command.ExecuteNonQueryAsync(ct);
                }
                await using (var record = new NpgsqlCommand(
                    "insert into schema_migrations (version, name, checksum) values ($1, $2, $3)", connection, tx))
                {
                    record.Parameters.AddWithValue(file.Version);
                    record.Parameters.AddWithValue(file.Name);
                    record.Parameters.AddWithValue(file.Checksum);
                    await record.ExecuteNonQueryAsync(ct);
                }
                await tx.CommitAsync(ct);
                count++;
            }
            logger.LogInformation("Database schema is at version {Version} ({Applied} migrations applied now)",
                files.Count == 0 ? "none" : files[^1].Version, count);
            return count;
        }
        finally
        {
            await ExecuteAsync(connection, $"select pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
    }

    /// <summary>Versions that exist as files but are not recorded as applied; empty when the database is current.</summary>
    public static async Task<IReadOnlyList<string>> PendingAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var files = LoadEmbedded();
        await using var exists = new NpgsqlCommand("select to_regclass('schema_migrations') is not null", connection);
        if (!(bool)(await exists.ExecuteScalarAsync(ct))!)
        {
            return files.Select(f => f.Version).ToList();
        }
        var applied = await ReadAppliedAsync(connection, ct);
        return files.Where(f => !applied.ContainsKey(f.Version)).Select(f => f.Version).ToList();
    }

    private static void VerifyAppliedFilesUnchanged(IReadOnlyList<MigrationFile> files, Dictionary<string, string> applied)
    {
        foreach (var file in files)
        {
            if (applied.TryGetValue(file.Version, out var checksum) && checksum != file.Checksum)
            {
                throw new MigrationChecksumException(
                    $"Migration {file.Version}_{file.Name}.sql was changed after it was applied to this database " +
                    $"(recorded checksum {checksum}, file checksum {file.Checksum}). Applied migrations are never " +
                    "edited: restore the file and put the change in a new migration.");
            }
        }
    }

    private static async Task<Dictionary<string, string>> ReadAppliedAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var applied = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand("select version, checksum from schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            applied[reader.GetString(0)] = reader.GetString(1);
        }
        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}

public sealed class MigrationChecksumException(string message) : Exception(message);
