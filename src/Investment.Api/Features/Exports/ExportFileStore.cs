using System.Data;
using Investment.Api.Data;
using Npgsql;
using NpgsqlTypes;

namespace Investment.Api.Features.Exports;

/// <summary>An export job's file as stored in export_files, without its content.</summary>
public sealed record StoredExportFile(
    Guid JobId, string FileName, string AsciiFileName, string ContentType, long SizeBytes, int RowCount,
    DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

/// <summary>
/// Keeps export files in PostgreSQL, the one store every API instance shares. Content goes in and out as a stream on
/// plain Npgsql — a parameter fed from the job's temporary file, a SequentialAccess reader's column stream — so a
/// 20 MB workbook is never held in memory whole, neither on upload nor on download (EF would materialise a byte[]).
/// </summary>
public sealed class ExportFileStore(DatabaseConnection connection)
{
    /// <summary>Stores the file of <paramref name="file"/>'s job, replacing any earlier attempt's.</summary>
    public async Task SaveAsync(StoredExportFile file, Stream content, CancellationToken ct)
    {
        await using var db = await OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            """
            insert into export_files (job_id, file_name, ascii_file_name, content_type, size_bytes, row_count, content, created_at, expires_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            on conflict (job_id) do update set
                file_name = excluded.file_name, ascii_file_name = excluded.ascii_file_name, content_type = excluded.content_type,
                size_bytes = excluded.size_bytes, row_count = excluded.row_count, content = excluded.content,
                created_at = excluded.created_at, expires_at = excluded.expires_at
            """, db);
        command.Parameters.Add(new NpgsqlParameter { Value = file.JobId });
        command.Parameters.Add(new NpgsqlParameter { Value = file.FileName });
        command.Parameters.Add(new NpgsqlParameter { Value = file.AsciiFileName });
        command.Parameters.Add(new NpgsqlParameter { Value = file.ContentType });
        command.Parameters.Add(new NpgsqlParameter { Value = file.SizeBytes });
        command.Parameters.Add(new NpgsqlParameter { Value = file.RowCount });
        // Npgsql sends a seekable stream's remaining bytes (Length - Position) as the value, copying it through its write buffer.
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = content });
        command.Parameters.Add(new NpgsqlParameter { Value = file.CreatedAt });
        command.Parameters.Add(new NpgsqlParameter { Value = file.ExpiresAt });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// The job's file, open for reading, or null when there is none or it has expired by <paramref name="now"/>. The
    /// caller must dispose the download, which closes the reader and returns the connection to the pool.
    /// </summary>
    public async Task<ExportFileStream?> OpenAsync(Guid jobId, DateTimeOffset now, CancellationToken ct)
    {
        var db = await OpenAsync(ct);
        NpgsqlCommand? command = null;
        NpgsqlDataReader? reader = null;
        try
        {
            command = new NpgsqlCommand(
                """
                select job_id, file_name, ascii_file_name, content_type, size_bytes, row_count, created_at, expires_at, content
                from export_files where job_id = $1 and expires_at > $2
                """, db);
            command.Parameters.Add(new NpgsqlParameter { Value = jobId });
            command.Parameters.Add(new NpgsqlParameter { Value = now });
            // SequentialAccess: columns are read in order straight off the wire, and the content as a stream of it.
            reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess | CommandBehavior.SingleRow, ct);
            if (!await reader.ReadAsync(ct))
            {
                await DisposeAllAsync(reader, command, db);
                return null;
            }
            var file = new StoredExportFile(
                await reader.GetFieldValueAsync<Guid>(0, ct), await reader.GetFieldValueAsync<string>(1, ct),
                await reader.GetFieldValueAsync<string>(2, ct), await reader.GetFieldValueAsync<string>(3, ct),
                await reader.GetFieldValueAsync<long>(4, ct), await reader.GetFieldValueAsync<int>(5, ct),
                await reader.GetFieldValueAsync<DateTimeOffset>(6, ct), await reader.GetFieldValueAsync<DateTimeOffset>(7, ct));
            var content = await reader.GetStreamAsync(8, ct);
            return new ExportFileStream(file, content, reader, command, db);
        }
        catch
        {
            await DisposeAllAsync(reader, command, db);
            throw;
        }
    }

    /// <summary>Deletes the files expired by <paramref name="now"/> and answers how many there were.</summary>
    public async Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await OpenAsync(ct);
        await using var command = new NpgsqlCommand("delete from export_files where expires_at <= $1", db);
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        return await command.ExecuteNonQueryAsync(ct);
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        var db = new NpgsqlConnection(connection.ConnectionString);
        try
        {
            await db.OpenAsync(ct);
            return db;
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    private static async Task DisposeAllAsync(params IAsyncDisposable?[] disposables)
    {
        foreach (var disposable in disposables)
        {
            if (disposable is not null)
            {
                await disposable.DisposeAsync();
            }
        }
    }
}

/// <summary>
/// A stored export file being read, as a stream straight off the open connection. Disposing it (the HTTP file result
/// does once the response is sent) closes the reader and the connection.
/// </summary>
public sealed class ExportFileStream(StoredExportFile file, Stream content, params IAsyncDisposable[] owners) : Stream
{
    private bool _disposed;

    public StoredExportFile File { get; } = file;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => File.SizeBytes;

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => content.Read(buffer, offset, count);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        content.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        content.ReadAsync(buffer, offset, count, cancellationToken);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        await content.DisposeAsync();
        foreach (var owner in owners)
        {
            await owner.DisposeAsync();
        }
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            content.Dispose();
            foreach (var owner in owners)
            {
                // The owners are Npgsql objects, which dispose synchronously as well.
                ((IDisposable)owner).Dispose();
            }
        }
        base.Dispose(disposing);
    }
}
