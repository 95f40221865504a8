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
                return Problems.Details(bad.StatusCode, Problems.BadRequestTitle, BadRequestDetail(bad));
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
    /// ASP.NET Core's own words for a request it could not bind (English, kept as they are), and the same in Chinese
    /// for the cases clients meet: a missing or malformed parameter, a missing body, a body that is not JSON.
    /// </summary>
    private static Message BadRequestDetail(BadHttpRequestException bad)
    {
        if (RequiredParameter().Match(bad.Message) is { Success: true } required)
        {
            return new(bad.Message, $"缺少必填参数{required.Groups["name"].Value}。");
        }
        if (UnboundParameter().Match(bad.Message) is { Success: true } unbound)
        {
            return new(bad.Message, $"参数{unbound.Groups["name"].Value}的值“{unbound.Groups["value"].Value}”格式不正确。");
        }
        if (bad.Message.StartsWith("Implicit body inferred", StringComparison.Ordinal))
        {
            return new(bad.Message, "请求缺少内容，请以JSON格式提交。");
        }
        return bad.StatusCode switch
        {
            StatusCodes.Status415UnsupportedMediaType => new(bad.Message, "不支持的内容类型：请以JSON格式（Content-Type: application/json）提交。"),
            StatusCodes.Status413PayloadTooLarge => new(bad.Message, "请求内容过大。"),
            _ => new(bad.Message, "请求无法解析，请检查后重试。"),
        };
    }

    private static ValidationProblemDetails JsonProblem(JsonException json)
    {
        var unknown = UnknownProperty().Match(json.Message);
        var path = json.Path is { Length: > 1 } p ? p.TrimStart('$').TrimStart('.') : "";
        string field;
        Message message;
        if (unknown.Success)
        {
            var name = unknown.Groups[1].Value;
            field = path.Length == 0 ? name : path.EndsWith(name, StringComparison.Ordinal) ? path : $"{path}.{name}";
            message = new("This field is unknown or may not be set by clients.", "没有这个字段，或该字段不能由客户端填写。");
        }
        else
        {
            field = path.Length > 0 ? path : "body";
            message = new("The value is not valid JSON for this field (wrong type, out of range, or malformed).",
                "该字段的值不正确（类型不对、超出范围或格式有误）。");
        }
        return new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message.Text] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = Problems.ValidationTitle.Text,
        };
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

    [GeneratedRegex("The JSON property '([^']+)' could not be mapped")]
    private static partial Regex UnknownProperty();

    [GeneratedRegex("^Required parameter \"[^\"]* (?<name>[^\" ]+)\" was not provided")]
    private static partial Regex RequiredParameter();

    [GeneratedRegex("^Failed to bind parameter \"[^\"]* (?<name>[^\" ]+)\" from \"(?<value>.*)\"\\.$")]
    private static partial Regex UnboundParameter();
}
