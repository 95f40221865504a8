using Investment.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Investment.Api.Features.Imports;

/// <summary>Stable codes of the import's errors: clients may switch on them; the messages may be reworded.</summary>
public static class ImportCodes
{
    // The file as a whole (415 / 413 / 400 naming "file").
    public const string NotXlsx = "IMPORT_NOT_XLSX";
    public const string LegacyXls = "IMPORT_LEGACY_XLS";
    public const string Encrypted = "IMPORT_ENCRYPTED";
    public const string MacroEnabled = "IMPORT_MACRO_ENABLED";
    public const string TooLarge = "IMPORT_TOO_LARGE";
    public const string ExpandsTooMuch = "IMPORT_EXPANDS_TOO_MUCH";
    public const string CompressionRatio = "IMPORT_COMPRESSION_RATIO";
    public const string TooManyEntries = "IMPORT_TOO_MANY_ENTRIES";
    public const string TooManyRows = "IMPORT_TOO_MANY_ROWS";
    public const string NoFile = "IMPORT_NO_FILE";
    public const string NotMultipart = "IMPORT_NOT_MULTIPART";
    public const string Unreadable = "IMPORT_UNREADABLE";
    public const string NotTemplate = "IMPORT_NOT_A_TEMPLATE";
    public const string TemplateVersion = "IMPORT_TEMPLATE_VERSION";
    public const string TemplateMismatch = "IMPORT_TEMPLATE_MISMATCH";
    public const string MissingColumn = "IMPORT_MISSING_COLUMN";
    public const string NoRows = "IMPORT_NO_ROWS";

    // One cell or one row (400, listed per row and column).
    public const string MissingSectionId = "IMPORT_MISSING_SECTION_ID";
    public const string InvalidSectionId = "IMPORT_INVALID_SECTION_ID";
    public const string UnknownSection = "IMPORT_UNKNOWN_SECTION";
    public const string OtherRegion = "IMPORT_OTHER_REGION";
    public const string SectionMismatch = "IMPORT_SECTION_MISMATCH";
    public const string DuplicateRow = "IMPORT_DUPLICATE_ROW";
    public const string ArchivedProject = "IMPORT_ARCHIVED_PROJECT";
    public const string BeforeActiveFrom = "IMPORT_BEFORE_ACTIVE_FROM";
    public const string LockedMonth = "IMPORT_LOCKED_MONTH";
    public const string SubmittedMonth = "IMPORT_SUBMITTED_MONTH";
    public const string Required = "IMPORT_REQUIRED";
    public const string NotANumber = "IMPORT_NOT_A_NUMBER";
    public const string OutOfRange = "IMPORT_OUT_OF_RANGE";
    public const string TooManyDecimals = "IMPORT_TOO_MANY_DECIMALS";
    public const string NegativeAmount = "IMPORT_NEGATIVE_AMOUNT";
    public const string ProgressBackwards = "IMPORT_PROGRESS_BACKWARDS";
    public const string TooLong = "IMPORT_TOO_LONG";
    public const string InvalidChoice = "IMPORT_INVALID_CHOICE";
    public const string FormulaWithoutValue = "IMPORT_FORMULA_WITHOUT_VALUE";
    public const string FormulaError = "IMPORT_FORMULA_ERROR";
    public const string Invalid = "IMPORT_INVALID";
}

/// <summary>
/// One thing wrong with an upload. <c>row</c> is the worksheet row number the user sees (null for the file as a whole);
/// <c>column</c> the Chinese header and <c>field</c> the API field name; <c>message</c> is in the request's language
/// (Chinese for the web app), chosen when the error is raised.
/// </summary>
public sealed record ImportError(int? Row, string? Column, string Field, string Code, string Message)
{
    public static ImportError File(string code, Message message) => new(null, null, "file", code, message.Text);

    public static ImportError Cell(int row, SheetColumn column, string code, Message message) =>
        new(row, column.Header, column.Field, code, message.Text);

    /// <summary>How an English message names a cell's column: its letter and field, as the Chinese one uses the header.</summary>
    public static string ColumnName(SheetColumn column) => $"column {column.Letter} ({column.Field})";

    /// <summary>The key in the standard <c>errors</c> dictionary: "file", or "row 12: monthActual".</summary>
    public string Key => Row is { } r ? FormattableString.Invariant($"row {r}: {Field}") : Field;
}

/// <summary>The problem answers of the import. Every one names the file or the cells at fault and nothing is committed.</summary>
public static class ImportProblems
{
    /// <summary>At most this many errors are listed, so a wholly wrong 5,000-row sheet does not produce a huge answer.</summary>
    public const int MaxListed = 1000;

    /// <summary>The file was refused before its rows were read: 413 (limits), 415 (not an xlsx workbook) or 400 (no file).</summary>
    public static ProblemHttpResult Refused(int status, string code, Message message)
    {
        var error = ImportError.File(code, message);
        return Problems.Problem(
            status,
            status switch
            {
                StatusCodes.Status413PayloadTooLarge => new("Upload too large", "上传的文件过大"),
                StatusCodes.Status415UnsupportedMediaType => new("Unsupported file", "不支持的文件"),
                _ => Problems.BadRequestTitle,
            },
            message,
            new Dictionary<string, object?>
            {
                ["code"] = code,
                ["errors"] = new Dictionary<string, string[]> { ["file"] = [message.Text] },
                ["importErrors"] = new[] { error },
            });
    }

    /// <summary>
    /// 400 listing every error: in <c>importErrors</c> (row, column, field, code, message) and, for clients
    /// that only read the standard shape, in <c>errors</c> keyed "row 12: monthActual" or "file".
    /// </summary>
    public static ValidationProblem Invalid(IReadOnlyList<ImportError> errors)
    {
        var ordered = errors.OrderBy(e => e.Row ?? 0).ThenBy(e => e.Column is null ? 0 : ColumnOrder(e.Field)).ToList();
        var listed = ordered.Take(MaxListed).ToList();
        var dictionary = listed.GroupBy(e => e.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => $"{e.Message} ({e.Code})").ToArray(), StringComparer.Ordinal);
        var rows = ordered.Where(e => e.Row is not null).Select(e => e.Row).Distinct().Count();
        Message detail = rows > 0
            ? new($"The upload has {ordered.Count} error(s) in {rows} row(s); nothing was saved.",
                $"上传的表格有 {ordered.Count} 处错误（涉及 {rows} 行），未保存任何数据。")
            : new($"{ordered[0].Message} Nothing was saved.", $"{ordered[0].Message}未保存任何数据。");
        var title = new Message("The upload did not pass validation.", "上传的表格未通过校验");
        return TypedResults.ValidationProblem(dictionary, detail: detail.Text, title: title.Text,
            extensions: new Dictionary<string, object?>
            {
                ["code"] = ordered.Count == 1 ? ordered[0].Code : "IMPORT_INVALID_ROWS",
                ["errorCount"] = ordered.Count,
                ["truncated"] = ordered.Count > listed.Count,
                ["importErrors"] = listed,
            });
    }

    public static ValidationProblem File(string code, Message message) => Invalid([ImportError.File(code, message)]);

    private static int ColumnOrder(string field)
    {
        var index = MonthlyReportSheet.Columns.ToList().FindIndex(c => c.Field == field);
        return index < 0 ? int.MaxValue : index;
    }
}
