using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Investment.Api.Http;

/// <summary>
/// Turns the exceptions that reach the pipeline into problem details: malformed or unknown JSON into 400 naming
/// the field, database constraint races into 409/400, an unreachable database into 503 with Retry-After, anything else
/// into a 500 that leaks no stack trace or SQL.
/// </summary>
public sealed partial class ErrorHandling(IProblemDetailsService problemDetails, ILogger<ErrorHandling> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Describe(exception);
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            // One line, not a stack trace per request: while the database is away every request ends here.
            logger.LogWarning("Database unavailable on {Method} {Path}: {Reason}",
                httpContext.Request.Method, httpContext.Request.Path, exception.GetBaseException().Message);
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
        }
        else if (problem.Status >= 500)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        }
        httpContext.Response.StatusCode = problem.Status ?? 500;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private const string RetryAfterSeconds = "5";

    private static ProblemDetails Describe(Exception exception)
    {
        if (DatabaseUnavailable(exception))
        {
            return Problems.Details(StatusCodes.Status503ServiceUnavailable, new("Service unavailable", "服务暂不可用"),
                new("The database cannot be reached at the moment. Try again shortly; if you were saving, reload first to see "
                    + "whether the change was kept.",
                    "暂时无法连接数据库，请稍后再试；如果刚才在保存，请先刷新，看修改是否已保存。"));
        }
        switch (exception)
        {
            case BadHttpRequestException { InnerException: JsonException json }:
                return JsonProblem(json);
            case BadHttpRequestException bad:
                return BindingProblem(bad);
            case DbUpdateConcurrencyException:
                return Problems.Details(StatusCodes.Status409Conflict, Problems.ConflictTitle,
                    new("The resource was changed by someone else at the same time. Reload it and try again.", "该数据刚被他人同时修改，请刷新后重试。"));
            case DbUpdateException { InnerException: PostgresException pg }:
                return DatabaseProblem(pg);
            case PostgresException pg:
                return DatabaseProblem(pg);
            case OperationCanceledException:
                return Problems.Details(499, new("Request cancelled", "请求已取消"));
            default:
                return InternalError;
        }
    }

    private static ProblemDetails InternalError => Problems.Details(StatusCodes.Status500InternalServerError,
        new("Internal error", "服务器内部错误"),
        new("The server failed to process the request. The error has been logged.", "服务器处理请求时出错，已记录该错误，请稍后再试或联系管理员。"));

    /// <summary>
    /// A request ASP.NET Core could not bind, in our words rather than its own (which name C# types and suggest
    /// services): a missing or malformed parameter names the parameter, as a validation error would.
    /// </summary>
    private static ProblemDetails BindingProblem(BadHttpRequestException bad)
    {
        if (RequiredParameter().Match(bad.Message) is { Success: true } required)
        {
            var name = required.Groups["name"].Value;
            return FieldProblem(name, new($"The parameter {name} is required.", $"缺少必填参数{name}。"));
        }
        if (UnboundParameter().Match(bad.Message) is { Success: true } unbound)
        {
            var value = unbound.Groups["value"].Value;
            value = value.Length > 40 ? value[..40] + "…" : value;
            return FieldProblem(unbound.Groups["name"].Value,
                new($"\"{value}\" is not a valid value for this parameter.", $"参数值“{value}”格式不正确。"));
        }
        if (bad.Message.StartsWith("Implicit body inferred", StringComparison.Ordinal))
        {
            return FieldProblem("body", new("The request needs a JSON body.", "请求缺少内容，请以JSON格式提交。"));
        }
        return bad.StatusCode switch
        {
            StatusCodes.Status415UnsupportedMediaType => Problems.Details(bad.StatusCode, new("Unsupported media type", "不支持的内容类型"),
                new("Send the body as JSON (Content-Type: application/json, UTF-8).", "请以JSON格式（Content-Type: application/json，UTF-8编码）提交。")),
            StatusCodes.Status413PayloadTooLarge => Problems.Details(bad.StatusCode, new("Request too large", "请求内容过大"),
                new("The request body is too large.", "请求内容过大。")),
            _ => Problems.Details(bad.StatusCode, Problems.BadRequestTitle,
                new("The request could not be read. Check it and try again.", "请求无法解析，请检查后重试。")),
        };
    }

    private static ValidationProblemDetails FieldProblem(string field, Message message) =>
        new(new Dictionary<string, string[]> { [field] = [message.Text] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = Problems.ValidationTitle.Text,
        };

    /// <summary>A JSON body that could not be read: the field at fault is named by its path (camelCase, as sent).</summary>
    private static ValidationProblemDetails JsonProblem(JsonException json)
    {
        var path = json.Path is { Length: > 1 } p ? p.TrimStart('$').TrimStart('.') : "";
        if (json is TextRefusedException text)
        {
            return FieldProblem(path.Length == 0 ? text.Field : $"{path}.{text.Field}", text.Reason);
        }
        if (DuplicateProperty().IsMatch(json.Message))
        {
            return FieldProblem(path.Length > 0 ? path : "body", new(
                "This field appears more than once in the same object (JSON keys are matched in any letter case). Send it once.",
                "同一对象中该字段出现了不止一次（字段名不区分大小写），请只保留一个。"));
        }
        if (UnknownProperty().Match(json.Message) is { Success: true } unknown)
        {
            var name = unknown.Groups[1].Value;
            return FieldProblem(path.Length == 0 ? name : path.EndsWith(name, StringComparison.Ordinal) ? path : $"{path}.{name}",
                new("This field is unknown or may not be set by clients.", "没有这个字段，或该字段不能由客户端填写。"));
        }
        return FieldProblem(path.Length > 0 ? path : "body", new(
            "The value is not valid JSON for this field (wrong type, out of range, or malformed).",
            "该字段的值不正确（类型不对、超出范围或格式有误）。"));
    }

    private static ProblemDetails DatabaseProblem(PostgresException pg) => pg.SqlState switch
    {
        PostgresErrorCodes.UniqueViolation => Problems.Details(StatusCodes.Status409Conflict, Problems.ConflictTitle,
            new($"A record with the same key already exists ({pg.ConstraintName}).", $"已有相同编号的记录（{pg.ConstraintName}）。")),
        PostgresErrorCodes.ForeignKeyViolation => Problems.Details(StatusCodes.Status409Conflict, Problems.ConflictTitle,
            new($"The change refers to, or is referred to by, another record ({pg.ConstraintName}).",
                $"该修改引用了其他记录，或被其他记录引用（{pg.ConstraintName}）。")),
        PostgresErrorCodes.CheckViolation or PostgresErrorCodes.NotNullViolation or PostgresErrorCodes.NumericValueOutOfRange
            or PostgresErrorCodes.StringDataRightTruncation => Problems.Details(StatusCodes.Status400BadRequest, Problems.BadRequestTitle,
            new($"A value breaks a rule of the data ({pg.ConstraintName ?? pg.SqlState}).", $"有数值不符合数据规则（{pg.ConstraintName ?? pg.SqlState}）。")),
        // Text PostgreSQL cannot store (a NUL): the request checks refuse it first, naming the field; this is the backstop.
        PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter => Problems.Details(
            StatusCodes.Status400BadRequest, Problems.BadRequestTitle, TextRules.NulCharacter),
        PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.LockNotAvailable
            => Problems.Details(StatusCodes.Status409Conflict, Problems.ConflictTitle,
                new("A concurrent change got there first. Try again.", "他人同时进行了修改，请重试。")),
        _ => InternalError,
    };

    /// <summary>
    /// The database refused, dropped or could not take the connection (down, restarting, crashed mid-answer, out of
    /// connections): neither the request nor the code is at fault, and the same request may well work in a moment.
    /// EF Core wraps these (DbUpdateException, "likely due to a transient failure"), so the whole chain is looked at.
    /// </summary>
    private static bool DatabaseUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg:
                    return pg.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exception class
                           || pg.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                               or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections;
                case NpgsqlException npgsql:
                    // Not an error the server reported: the connection itself failed (refused, reset, closed, timed out).
                    return npgsql.IsTransient;
            }
        }
        return false;
    }

    [GeneratedRegex("^Duplicate property '")]
    private static partial Regex DuplicateProperty();

    [GeneratedRegex("The JSON property '([^']+)' could not be mapped")]
    private static partial Regex UnknownProperty();

    [GeneratedRegex("^Required parameter \"[^\"]* (?<name>[^\" ]+)\" was not provided")]
    private static partial Regex RequiredParameter();

    [GeneratedRegex("^Failed to bind parameter \"[^\"]* (?<name>[^\" ]+)\" from \"(?<value>.*)\"\\.$")]
    private static partial Regex UnboundParameter();
}
