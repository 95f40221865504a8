using Investment.Api.Features.Projects;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Investment.Api.Features.Reporting;

/// <summary>A revision's ETag is its row version (xmin), quoted the same way as a project's.</summary>
public static class ReportVersion
{
    public static string Format(uint version) => ProjectVersion.Format(version);

    /// <summary>True when the request carries an If-Match header at all.</summary>
    public static bool IfMatchSent(HttpRequest request) => request.Headers.IfMatch.ToString().Length > 0;

    /// <summary>True when If-Match is "*" or lists <paramref name="current"/> (strong comparison: W/ tags never match).</summary>
    public static bool IfMatchAccepts(HttpRequest request, uint current)
    {
        var ifMatch = request.Headers.IfMatch.ToString();
        return ifMatch.Trim() == "*" || ifMatch.Split(',').Select(t => t.Trim()).Contains(Format(current));
    }
}

/// <summary>The problem answers of the report workflow that carry the current version, so a client can reload.</summary>
public static class ReportProblems
{
    public static ProblemHttpResult Conflict(string detail, uint? currentVersion, string? currentStatus = null) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail,
            extensions: Extensions(currentVersion, currentStatus));

    public static ProblemHttpResult PreconditionRequired(uint currentVersion) =>
        TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "Precondition required",
            detail: "This month already has a report. Send If-Match with its current ETag (from GET or your last write) "
                    + "so that a change made by someone else in the meantime is not overwritten.",
            extensions: Extensions(currentVersion, null));

    public static ProblemHttpResult PreconditionFailed(uint? currentVersion) =>
        currentVersion is { } v
            ? Http.Problems.PreconditionFailed(ReportVersion.Format(v))
            : TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "Precondition failed",
                detail: "If-Match was sent but this month has no report yet; leave If-Match out to create it.");

    private static Dictionary<string, object?> Extensions(uint? currentVersion, string? currentStatus)
    {
        var extensions = new Dictionary<string, object?>();
        if (currentVersion is { } v)
        {
            extensions["currentVersion"] = ReportVersion.Format(v);
        }
        if (currentStatus is not null)
        {
            extensions["currentStatus"] = currentStatus;
        }
        return extensions;
    }
}
