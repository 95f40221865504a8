using Investment.Api.Data;

namespace Investment.Api.Features.Reporting;

/// <summary>
/// One revision of a month's report. <c>monthActual</c> in 万元, exactly as stored (negative only in a correction that
/// reverses an amount); <c>physicalProgress</c> in percent of the whole works, null when not reported. The *By fields
/// stay null until callers are authenticated. <c>version</c> is the revision's ETag.
/// </summary>
public sealed record ReportRevisionResponse(
    long Id,
    int Revision,
    string Status,
    decimal MonthActual,
    decimal? PhysicalProgress,
    string? Narrative,
    string? Problems,
    string? CorrectionReason,
    string? ProgressDecreaseReason,
    string? ReturnReason,
    DateTimeOffset CreatedAt,
    string? CreatedBy,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? SubmittedAt,
    string? SubmittedBy,
    DateTimeOffset? DecidedAt,
    string? DecidedBy,
    string Version)
{
    public static ReportRevisionResponse From(MonthlyReport r) => new(
        r.Id, r.Revision, r.Status, r.MonthActual, r.PhysicalProgress, r.Narrative, r.Problems, r.CorrectionReason,
        r.ProgressDecreaseReason, r.ReturnReason, r.CreatedAt, r.CreatedBy, r.UpdatedAt, r.SubmittedAt, r.SubmittedBy,
        r.DecidedAt, r.DecidedBy, ReportVersion.Format(r.Version));
}

/// <summary>
/// A section's report for one month: <c>approved</c> holds the month's figures (null until a revision is approved),
/// <c>open</c> the revision in the workflow (null when none), <c>history</c> every revision, newest first.
/// </summary>
public sealed record MonthReportResponse(
    long SectionId,
    long ProjectId,
    string ProjectCode,
    string Period,
    ReportRevisionResponse? Approved,
    ReportRevisionResponse? Open,
    IReadOnlyList<ReportRevisionResponse> History);

/// <summary>
/// One month of a section's year: the approved figures (null when nothing is approved yet) and where the open
/// revision stands (null when none is open).
/// </summary>
public sealed record ReportMonthSummary(
    string Period,
    decimal? MonthActual,
    decimal? PhysicalProgress,
    int? ApprovedRevision,
    string? OpenStatus,
    int? OpenRevision,
    int Revisions);

/// <summary>The months of <c>year</c> for which the section has any report revision, in month order.</summary>
public sealed record SectionReportsResponse(long SectionId, long ProjectId, string ProjectCode, int Year, IReadOnlyList<ReportMonthSummary> Months);

/// <summary>
/// A section expected to report for the period whose month is not approved. <c>state</c>: "missing" (nothing at all),
/// or the open revision's status: "draft", "submitted", "returned". <c>headquartersEmails</c>: the headquarters users
/// scoped to the section or its project (not locked out), whom to remind.
/// </summary>
public sealed record MissingReportItem(
    long SectionId,
    string SectionName,
    string RegionCode,
    string RegionName,
    long ProjectId,
    string ProjectCode,
    string ProjectName,
    string State,
    int? OpenRevision,
    DateTimeOffset? UpdatedAt,
    IReadOnlyList<string> HeadquartersEmails);

/// <summary>expected = approved + missing + unapproved (a report in draft, submitted or returned).</summary>
public sealed record MissingReportCounts(int Expected, int Approved, int Missing, int Unapproved);

public sealed record MissingReportsResponse(
    string Period, string? RegionCode, long? ProjectId, MissingReportCounts Counts, IReadOnlyList<MissingReportItem> Items);
