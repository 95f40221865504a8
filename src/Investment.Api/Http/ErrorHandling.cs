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
            return new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service unavailable",
                Detail = "The database cannot be reached at the moment. Try again shortly; if you were saving, reload first to see "
                         + "whether the change was kept.",
            };
        }
        switch (exception)
        {
            case BadHttpRequestException { InnerException: JsonException json }:
                return JsonProblem(json);
            case BadHttpRequestException bad:
                return new ProblemDetails { Status = bad.StatusCode, Title = "Bad request", Detail = bad.Message };
            case DbUpdateConcurrencyException:
                return new ProblemDetails
                {
                    Status = StatusCodes.Status409Conflict,
                    Title = "Conflict",
                    Detail = "The resource was changed by someone else at the same time. Reload it and try again.",
                };
            case DbUpdateException { InnerException: PostgresException pg }:
                return DatabaseProblem(pg);
            case PostgresException pg:
                return DatabaseProblem(pg);
            case OperationCanceledException:
                return new ProblemDetails { Status = 499, Title = "Request cancelled" };
            default:
                return new ProblemDetails
                {
                    Status = StatusCodes.Status500InternalServerError,
                    Title = "Internal error",
                    Detail = "The server failed to process the request. The error has been logged.",
                };
        }
    }

    private static ValidationProblemDetails JsonProblem(JsonException json)
    {
        var unknown = UnknownProperty().Match(json.Message);
        var path = json.Path is { Length: > 1 } p ? p.TrimStart('$').TrimStart('.') : "";
        string field;
        string message;
        if (unknown.Success)
        {
            var name = unknown.Groups[1].Value;
            field = path.Length == 0 ? name : path.EndsWith(name, StringComparison.Ordinal) ? path : $"{path}.{name}";
            message = "This field is unknown or may not be set by clients.";
        }
        else
        {
            field = path.Length > 0 ? path : "body";
            message = "The value is not valid JSON for this field (wrong type, out of range, or malformed).";
        }
        return new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "One or more validation errors occurred.",
        };
    }

    private static ProblemDetails DatabaseProblem(PostgresException pg) => pg.SqlState switch
    {
        PostgresErrorCodes.UniqueViolation => new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "Conflict",
            Detail = $"A record with the same key already exists ({pg.ConstraintName}).",
        },
        PostgresErrorCodes.ForeignKeyViolation => new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "Conflict",
            Detail = $"The change refers to, or is referred to by, another record ({pg.ConstraintName}).",
        },
        PostgresErrorCodes.CheckViolation or PostgresErrorCodes.NotNullViolation or PostgresErrorCodes.NumericValueOutOfRange
            or PostgresErrorCodes.StringDataRightTruncation => new ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Bad request",
            Detail = $"A value breaks a rule of the data ({pg.ConstraintName ?? pg.SqlState}).",
        },
        PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.LockNotAvailable
            => new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "Conflict",
            Detail = "A concurrent change got there first. Try again.",
        },
        _ => new ProblemDetails
        {
            Status = StatusCodes.Status500InternalServerError,
            Title = "Internal error",
            Detail = "The server failed to process the request. The error has been logged.",
        },
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
}
