using Investment.Api.Data;
using Investment.Api.Excel;
using Investment.Api.Features.Access;
using Investment.Api.Features.Projects;
using Investment.Api.Http;
using Investment.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Investment.Api.Features.Exports;

/// <summary>The checks every export's query string shares; each adds its message under the field it names.</summary>
internal static class ExportRequests
{
    public static ReportingMonth? Period(string? value, DateOnly today, Dictionary<string, Message> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors["period"] = new("Required: a month as yyyy-MM (e.g. 2023-12).", "请指定月份，格式为yyyy-MM，例如2023-12。");
            return null;
        }
        if (!ReportingMonth.TryParse(value, out var month) || month.Year is < 1990 or > 2100)
        {
            errors["period"] = new("Must be a month as yyyy-MM (e.g. 2023-12) between 1990 and 2100.", "月份格式为yyyy-MM，例如2023-12，年份在1990到2100之间。");
            return null;
        }
        if (month > ReportingMonth.Of(today))
        {
            errors["period"] = new($"{month} is in the future.", $"{month}尚未到来，不能导出。");
            return null;
        }
        return month;
    }

    /// <summary>A scope code or "all" (every project, whatever scopes it counts in); absent or empty means "all".</summary>
    public static string Scope(string? value, Dictionary<string, Message> errors)
    {
        if (string.IsNullOrEmpty(value) || value == RollupRow.All)
        {
            return RollupRow.All;
        }
        if (!Scopes.IsKnown(value))
        {
            errors["scope"] = Messages.OneOf($"{Scopes.Describe()}, {RollupRow.All}");
        }
        return value;
    }

    /// <summary>The region named by the query, among those the caller may see (<see cref="CallerScope"/>): others read as unknown.</summary>
    public static async Task<Region?> RegionAsync(IQueryable<Region> regions, string? code, Dictionary<string, Message> errors, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(code))
        {
            errors["regionCode"] = new("Required: a region code (e.g. 330600).", "请指定行政区划代码，例如330600。");
            return null;
        }
        var region = code.Length <= 6 ? await regions.AsNoTracking().FirstOrDefaultAsync(r => r.Code == code, ct) : null;
        if (region is null)
        {
            errors["regionCode"] = Messages.UnknownRegion(code);
        }
        return region;
    }

    /// <summary>The roll-up tables answer only for periods the roll-up has run for.</summary>
    public static ExportCheck NotRolledUp(ReportingMonth period) =>
        ExportCheck.Refused(StatusCodes.Status404NotFound, new("Not rolled up yet", "尚未汇总"),
            new($"The period {period} has not been rolled up yet; run the roll-up for it first.", $"{period}尚未汇总，请先运行该月的汇总。"));
}

/// <summary>
/// Synchronous exports are written to a temporary file, then sent from it: the xlsx package wants a finished zip, the
/// response can start only when the file is complete (an error half-way still becomes a problem answer), and memory
/// stays flat however many rows there are. The file deletes itself when the response has been sent (DeleteOnClose).
/// Export jobs write the same temporary file and store it in the database instead (<see cref="ExportFileStore"/>).
/// </summary>
internal static class XlsxAttachment
{
    public static FileStream CreateTemporary() =>
        new(Path.Combine(Path.GetTempPath(), $"investment-export-{Guid.NewGuid():N}.xlsx"), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, bufferSize: 1 << 16, FileOptions.DeleteOnClose);

    /// <summary>
    /// Writes the workbook with <paramref name="write"/> into a temporary file and answers with it, named
    /// <paramref name="asciiName"/> for old clients and <paramref name="displayName"/> (UTF-8, RFC 6266 filename*) for the rest.
    /// </summary>
    public static async Task<FileStreamHttpResult> SendAsync(HttpContext http, string asciiName, string displayName, Func<Stream, Task> write)
    {
        var file = CreateTemporary();
        try
        {
            await write(file);
            await file.FlushAsync(http.RequestAborted);
            file.Position = 0;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
        SetDisposition(http, asciiName, displayName);
        return TypedResults.File(file, XlsxWriter.ContentType);
    }

    /// <summary>
    /// An attachment named <paramref name="asciiName"/> (filename, for old clients) and <paramref name="displayName"/>
    /// (filename*, UTF-8 percent-encoded as RFC 5987 says, so the Chinese name survives every hop).
    /// </summary>
    public static void SetDisposition(HttpContext http, string asciiName, string displayName)
    {
        // Set here rather than through File(fileDownloadName:), which would use one name for both parameters.
        var disposition = new ContentDispositionHeaderValue("attachment") { FileName = asciiName, FileNameStar = displayName };
        http.Response.Headers.ContentDisposition = disposition.ToString();
    }

    /// <summary>A display file name from a sheet title: no spaces, nothing a file system refuses.</summary>
    public static string DisplayName(string title, string extension = ".xlsx") =>
        string.Concat(title.Where(c => !char.IsWhiteSpace(c) && Array.IndexOf(Path.GetInvalidFileNameChars(), c) < 0 && c is not ('"' or '\\' or '/')))
        + extension;
}
