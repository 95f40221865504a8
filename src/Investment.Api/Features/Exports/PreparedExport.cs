using System.Runtime.CompilerServices;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Investment.Api.Features.Exports;

/// <summary>
/// The query string of any export as the client sent it (each kind reads the fields it knows). A GET answers it at once;
/// a POST stores it as the job's parameters, and the job checks and answers it again, the same way.
/// </summary>
public sealed record ExportQuery(
    string? RegionCode = null, string? Period = null, string? Scope = null, string? RankBy = null, string? Status = null);

/// <summary>
/// What exports read from: the caller's scope (in a job, its starter's), the database and the bureau's calendar.
/// </summary>
public sealed record ExportSources(CallerScope Scope, InvestmentDb Db, BureauClock Clock)
{
    /// <summary>The 制表单位/制表日期 line of a sheet about <paramref name="regionName"/>'s figures, dated today.</summary>
    public string IssuedBy(string regionName) => Excel.XlsxSheetLayout.IssuedBy(Clock.BureauName(regionName), Clock.Today);
}

/// <summary>The outcome of checking an export's query: field errors, a refusal (not rolled up yet), or an export to write.</summary>
public sealed class ExportCheck
{
    private ExportCheck(Dictionary<string, Message>? errors, (int Status, Message Title, Message Detail)? refusal, PreparedExport? export)
    {
        Errors = errors;
        refusalText = refusal;
        Export = export;
    }

    private readonly (int Status, Message Title, Message Detail)? refusalText;

    public Dictionary<string, Message>? Errors { get; }

    public ProblemHttpResult? Refusal =>
        refusalText is { } r ? Problems.Problem(r.Status, r.Title, r.Detail) : null;

    public PreparedExport? Export { get; }

    public static ExportCheck Invalid(Dictionary<string, Message> errors) => new(errors, null, null);

    public static ExportCheck Refused(int status, Message title, Message detail) => new(null, (status, title, detail), null);

    public static ExportCheck Ready(PreparedExport export) => new(null, null, export);

    /// <summary>Why the export cannot be written, in one line, for a job's error.</summary>
    public Message Describe() =>
        Errors is not null
            ? new("The export's parameters are not valid: " + string.Join(" ", Errors.Select(e => $"{e.Key}: {e.Value.En}")),
                "导出参数有误：" + string.Join("", Errors.Select(e => $"{e.Key}：{e.Value.Zh}")))
            : refusalText?.Detail ?? new("The export cannot be written.", "无法导出。");
}

/// <summary>
/// An export whose query passed: its file names, how to write it, and — for the kinds that can grow large — how many
/// rows it will have (one COUNT on the same filters), so a GET can refuse what should be a job and a job can show progress.
/// Kinds without a count (rankings, mode breakdowns) have at most a parent's children or the list of modes.
/// </summary>
public sealed class PreparedExport(
    string asciiFileName,
    string displayFileName,
    Func<Stream, ExportProgress, CancellationToken, Task<int>> write,
    Func<CancellationToken, Task<int>>? countRows = null)
{
    /// <summary>For Content-Disposition's filename (old clients): ASCII, names the region by code.</summary>
    public string AsciiFileName { get; } = asciiFileName;

    /// <summary>The sheet's title as a file name, in Chinese (Content-Disposition's filename*).</summary>
    public string DisplayFileName { get; } = displayFileName;

    public Func<CancellationToken, Task<int>>? CountRows { get; } = countRows;

    /// <summary>Writes the workbook to <paramref name="stream"/> and returns the number of data rows written.</summary>
    public Task<int> WriteAsync(Stream stream, ExportProgress progress, CancellationToken ct) => write(stream, progress, ct);
}

/// <summary>
/// Reports how far a streamed export has got as the job's progress: rows written against the expected count, every
/// <see cref="Every"/> rows, up to <see cref="WritingShare"/> (storing the file is the rest).
/// </summary>
public sealed class ExportProgress(int? expectedRows, Func<decimal, CancellationToken, Task>? report)
{
    public const int Every = 10_000;
    public const decimal WritingShare = 0.9m;

    public static readonly ExportProgress None = new(null, null);

    public async IAsyncEnumerable<T> Track<T>(IAsyncEnumerable<T> rows, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var written = 0;
        await foreach (var row in rows.WithCancellation(ct))
        {
            yield return row;
            if (++written % Every == 0 && report is not null && expectedRows is { } expected && expected > 0)
            {
                await report(WritingShare * Math.Min(1m, written / (decimal)expected), ct);
            }
        }
    }
}
