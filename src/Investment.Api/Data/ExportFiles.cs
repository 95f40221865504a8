namespace Investment.Api.Data;

/// <summary>
/// The workbook an export job wrote, stored so that every API instance can serve it. Mapped for the schema check and
/// for metadata queries only: <see cref="Content"/> can be tens of megabytes, so Features/Exports/ExportFileStore reads
/// and writes it as a stream and EF queries project it away.
/// </summary>
public sealed class ExportFile
{
    public Guid JobId { get; set; }
    public required string FileName { get; set; }
    public required string AsciiFileName { get; set; }
    public required string ContentType { get; set; }
    public long SizeBytes { get; set; }
    public int RowCount { get; set; }
    public byte[] Content { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}
