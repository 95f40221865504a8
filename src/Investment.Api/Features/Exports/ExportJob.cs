using Investment.Api.Excel;
using Investment.Api.Features.Access;
using Investment.Api.Features.Jobs;
using Microsoft.Extensions.Options;

namespace Investment.Api.Features.Exports;

/// <summary>Parameters of an export job: which export, and its query string as the client sent it.</summary>
public sealed record ExportJobParameters(
    string Export, string? RegionCode, string? Period, string? Scope, string? RankBy, string? Status)
{
    public static ExportJobParameters Of(string kind, ExportQuery query) =>
        new(kind, query.RegionCode, query.Period, query.Scope, query.RankBy, query.Status);

    public ExportQuery ToQuery() => new(RegionCode, Period, Scope, RankBy, Status);
}

/// <summary>What a finished export job shows: the file, how big, how many rows, until when, and where to get it.</summary>
public sealed record ExportJobResult(
    string FileName, string AsciiFileName, string ContentType, long SizeBytes, int RowCount, DateTimeOffset ExpiresAt, string DownloadUrl)
{
    public static string DownloadUrlOf(Guid jobId) => $"/api/v1/jobs/{jobId}/file";
}

/// <summary>
/// Writes an export into a temporary file on this node, then streams it into export_files, so whichever instance a
/// client's download lands on can serve it. The file row is the job's last write: a job that fails on the way leaves
/// none, and a job recovered after a crash writes it again in place of a partial one.
/// </summary>
internal sealed class ExportJobHandler(
    IServiceScopeFactory scopes, CallerContext caller, ExportFileStore files, BureauClock clock, IOptions<ExportSettings> settings,
    ILogger<ExportJobHandler> logger) : IQueuedJobHandler
{
    public async Task<object?> RunAsync(QueuedJobContext job, CancellationToken ct)
    {
        var parameters = job.ParametersAs<ExportJobParameters>();
        // A DI scope of its own, so a database connection of its own: the detail sheet streams rows off a reader while
        // progress is written through the job's connection, and Npgsql runs one command per connection at a time.
        // It acts for the job's starter, as the firing's own scope does (RunQueuedJob).
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CallerContext>().RunAs(caller.Current);
        var sources = scope.ServiceProvider.GetRequiredService<ExportSources>();

        // Checked again as the GET would: regions, roll-ups or the starter's scope may have changed since the POST.
        var check = await ExportKinds.PrepareAsync(parameters.Export, parameters.ToQuery(), sources, ct);
        var export = check.Export ?? throw new JobFailedException(check.Describe());
        var expectedRows = export.CountRows is { } countRows ? await countRows(ct) : (int?)null;

        await using var file = XlsxAttachment.CreateTemporary();
        var rows = await export.WriteAsync(file, new ExportProgress(expectedRows, job.ReportProgressAsync), ct);
        await file.FlushAsync(ct);
        await job.ReportProgressAsync(ExportProgress.WritingShare, ct);

        var now = clock.Now;
        var stored = new StoredExportFile(job.Id, export.DisplayFileName, export.AsciiFileName, XlsxWriter.ContentType, file.Length, rows,
            now, now + settings.Value.FileRetention);
        file.Position = 0;
        await files.SaveAsync(stored, file, ct);
        logger.LogInformation("Export {Export} of job {JobId}: {Rows} rows, {Bytes} bytes stored until {ExpiresAt}",
            parameters.Export, job.Id, rows, stored.SizeBytes, stored.ExpiresAt);
        return new ExportJobResult(stored.FileName, stored.AsciiFileName, stored.ContentType, stored.SizeBytes, stored.RowCount,
            stored.ExpiresAt, ExportJobResult.DownloadUrlOf(job.Id));
    }
}
