using Investment.Api.Data;
using Investment.Api.Features.Jobs;
using Investment.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Investment.Api.Features.Exports;

/// <summary>Export settings, bound from the "Exports" section.</summary>
public sealed class ExportSettings
{
    /// <summary>
    /// The most rows a GET writes while the client waits; above it the GET answers 409 and the client POSTs the same URL
    /// to run the export as a job. A 50,000-row detail sheet already takes seconds to write (README, Decisions): longer
    /// waits belong in a job, not in a request a proxy may cut off.
    /// </summary>
    public int SynchronousMaxRows { get; set; } = 50_000;

    /// <summary>How long an export job's file can be downloaded; afterwards it answers 410 and the clean-up job deletes it.</summary>
    public TimeSpan FileRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Export jobs one node runs at once; more wait their turn (each holds a sheet's worth of CPU and memory).</summary>
    public int MaxConcurrentJobsPerNode { get; set; } = 2;
}

/// <summary>The kinds of export, by the name their routes and jobs use.</summary>
public static class ExportKinds
{
    internal delegate Task<ExportCheck> Prepare(ExportQuery query, ExportSources sources, CancellationToken ct);

    private static readonly Dictionary<string, Prepare> All = new(StringComparer.Ordinal)
    {
        [ExportCountyRanking.Kind] = ExportCountyRanking.PrepareAsync,
        [ExportProjectDetail.Kind] = ExportProjectDetail.PrepareAsync,
        [ExportLandIssues.Kind] = ExportLandIssues.PrepareAsync,
        [ExportModeBreakdown.Kind] = ExportModeBreakdown.PrepareAsync,
        [ExportDataQuality.Kind] = ExportDataQuality.PrepareAsync,
        [ExportMissingReports.Kind] = ExportMissingReports.PrepareAsync,
    };

    public static IReadOnlyCollection<string> Names => All.Keys;

    /// <summary>Checks <paramref name="query"/> as export <paramref name="kind"/> reads it; no rows are read yet.</summary>
    internal static Task<ExportCheck> PrepareAsync(string kind, ExportQuery query, ExportSources sources, CancellationToken ct) =>
        All.TryGetValue(kind, out var prepare)
            ? prepare(query, sources, ct)
            : Task.FromResult(ExportCheck.Invalid(new() { ["export"] = Messages.OneOf(string.Join(", ", All.Keys)) }));
}

/// <summary>
/// Answers an export either way: at once (GET, the file in the response) or as a job (POST, 202 and a job whose result
/// links the stored file). Both check the query with the same code, and the job writes the same sheet.
/// </summary>
public sealed class Exporter(ExportSources sources, JobQueue jobs, IOptions<ExportSettings> settings)
{
    public async Task<Results<FileStreamHttpResult, ValidationProblem, ProblemHttpResult>> SendAsync(
        HttpContext http, string kind, ExportQuery query, CancellationToken ct)
    {
        var check = await ExportKinds.PrepareAsync(kind, query, sources, ct);
        if (check.Errors is { } errors)
        {
            return Problems.Fields(errors);
        }
        if (check.Refusal is { } refusal)
        {
            return refusal;
        }
        var export = check.Export!;
        var max = settings.Value.SynchronousMaxRows;
        if (export.CountRows is { } countRows && await countRows(ct) is var rows && rows > max)
        {
            return TooLargeToWaitFor(http, rows, max);
        }
        return await XlsxAttachment.SendAsync(http, export.AsciiFileName, export.DisplayFileName,
            stream => export.WriteAsync(stream, ExportProgress.None, ct));
    }

    public async Task<Results<Accepted<JobResponse>, ValidationProblem, ProblemHttpResult>> StartAsync(
        string kind, ExportQuery query, CancellationToken ct)
    {
        var check = await ExportKinds.PrepareAsync(kind, query, sources, ct);
        if (check.Errors is { } errors)
        {
            return Problems.Fields(errors);
        }
        if (check.Refusal is { } refusal)
        {
            return refusal;
        }
        return await jobs.StartAsync(JobKinds.Export, ExportJobParameters.Of(kind, query), ct);
    }

    /// <summary>
    /// 409 Conflict: the request is valid and the same URL works as a POST, but the export's current size conflicts with
    /// answering it inside one request. Not 413 (that is about the request's own content, which is empty here), and not
    /// 400/422 (nothing in the request is wrong: the same query is answered once the data is smaller). The answer says
    /// what to do instead.
    /// </summary>
    private static ProblemHttpResult TooLargeToWaitFor(HttpContext http, int rows, int max) =>
        Problems.Problem(
            StatusCodes.Status409Conflict,
            new("Too large to export while you wait", "数据量较大，不能即时导出"),
            new($"This export has {rows} rows; a GET writes at most {max} (Exports:SynchronousMaxRows). POST the same URL to run "
                + "it as a job, poll the job it answers with, then download the file its result links.",
                $"本次导出共{rows}行，即时导出最多{max}行。请改为后台导出，完成后再下载文件。"),
            extensions: new Dictionary<string, object?>
            {
                ["rowCount"] = rows,
                ["synchronousMaxRows"] = max,
                ["startJob"] = new { method = "POST", href = http.Request.Path.Value + http.Request.QueryString.Value },
            });
}
