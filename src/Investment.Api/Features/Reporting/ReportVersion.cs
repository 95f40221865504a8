using Investment.Api.Data;
using Investment.Api.Features.Projects;
using Investment.Api.Http;
using Investment.Domain;
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
    public static ProblemHttpResult Conflict(Message detail, uint? currentVersion, string? currentStatus = null) =>
        Problems.Problem(StatusCodes.Status409Conflict, Problems.ConflictTitle, detail, Extensions(currentVersion, currentStatus));

    public static ProblemHttpResult PreconditionRequired(uint currentVersion) =>
        Problems.Problem(StatusCodes.Status428PreconditionRequired, Problems.PreconditionRequiredTitle,
            new("This month already has a report. Send If-Match with its current ETag (from GET or your last write) "
                + "so that a change made by someone else in the meantime is not overwritten.",
                "该月已有月报。请先刷新，再在If-Match中带上当前版本号（ETag）后保存，以免覆盖他人的修改。"),
            Extensions(currentVersion, null));

    public static ProblemHttpResult PreconditionFailed(uint? currentVersion) =>
        currentVersion is { } v
            ? Problems.PreconditionFailed(ReportVersion.Format(v))
            : Problems.Problem(StatusCodes.Status412PreconditionFailed, Problems.PreconditionFailedTitle,
                new("If-Match was sent but this month has no report yet; leave If-Match out to create it.",
                    "该月还没有月报，新建时请不要带If-Match。"));

    /// <summary>
    /// For a change that must not overwrite someone else's: 428 without If-Match, 412 when it is not
    /// <paramref name="current"/>; null when the change may go ahead.
    /// </summary>
    public static ProblemHttpResult? IfMatchRequired(HttpRequest request, uint current) =>
        !ReportVersion.IfMatchSent(request) ? PreconditionRequired(current)
        : !ReportVersion.IfMatchAccepts(request, current) ? PreconditionFailed(current)
        : null;

    public static ProblemHttpResult NoReport(long sectionId, ReportingMonth month) =>
        Problems.NotFound(new($"A report of section {sectionId} for {month}", $"标段{sectionId}的{month}月报"));

    public static ProblemHttpResult Archived(string projectCode) =>
        Problems.Conflict(new($"Project {projectCode} is archived; restore it before changing its reports.",
            $"项目{projectCode}已归档，请先恢复再办理月报。"));

    /// <summary>A report status as the clerk reads it: the code in English, its word in Chinese.</summary>
    public static Message Status(string? status) => new(status ?? "", status switch
    {
        ReportStatuses.Draft => "草稿",
        ReportStatuses.Submitted => "已上报",
        ReportStatuses.Returned => "已退回",
        ReportStatuses.Approved => "已审核",
        ReportStatuses.Superseded => "已被更正版本取代",
        _ => status ?? "",
    });

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
