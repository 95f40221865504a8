namespace Investment.Api.Data;

/// <summary>One revision of a section's monthly report. Money in 万元, progress in percent of the whole works.</summary>
public sealed class MonthlyReport
{
    public long Id { get; set; }
    public long SectionId { get; set; }
    public int Year { get; set; }
    public int Month { get; set; }
    public int Revision { get; set; }
    public required string Status { get; set; }
    public decimal MonthActual { get; set; }
    public decimal? PhysicalProgress { get; set; }
    public string? Narrative { get; set; }
    public string? Problems { get; set; }
    public string? CorrectionReason { get; set; }
    public string? ProgressDecreaseReason { get; set; }
    public string? ReturnReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public string? SubmittedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }
    public uint Version { get; set; }

    public Section? Section { get; set; }
}

public static class ReportStatuses
{
    public const string Draft = "draft";
    public const string Submitted = "submitted";
    public const string Returned = "returned";
    public const string Approved = "approved";
    public const string Superseded = "superseded";

    public static readonly string[] Open = [Draft, Submitted, Returned];
}

public sealed class LagThresholdSetting
{
    public int Id { get; set; } = 1;
    public decimal YellowBelow { get; set; }
    public decimal RedBelow { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class LandIssue
{
    public long Id { get; set; }
    public long SectionId { get; set; }
    public string? Reference { get; set; }
    public string? Town { get; set; }
    public required string Kind { get; set; }
    public required string Description { get; set; }
    public DateOnly IdentifiedOn { get; set; }
    public DateOnly? DueOn { get; set; }
    public DateOnly? ResolvedOn { get; set; }
    public string? ResponsibleUnit { get; set; }
    public string? ResolutionNote { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public uint Version { get; set; }

    public Section? Section { get; set; }
}

/// <summary>A period a land issue was resolved before someone reopened it.</summary>
public sealed class LandIssueReopening
{
    public long Id { get; set; }
    public long LandIssueId { get; set; }
    public DateOnly ResolvedOn { get; set; }
    public DateOnly ReopenedOn { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class QuantityTarget
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public long? SectionId { get; set; }
    public int Year { get; set; }
    public required string Kind { get; set; }
    /// <summary>Empty when the target is not broken down by town.</summary>
    public string Town { get; set; } = "";
    public decimal Target { get; set; }

    public Project? Project { get; set; }
    public List<QuantityProgress> Progress { get; } = [];
}

public sealed class QuantityProgress
{
    public long TargetId { get; set; }
    public int Month { get; set; }
    public decimal Completed { get; set; }
}

public sealed class FundingSource
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public long? SectionId { get; set; }
    public int? Year { get; set; }
    public required string Level { get; set; }
    public required string Kind { get; set; }
    /// <summary>万元.</summary>
    public decimal Committed { get; set; }
    /// <summary>万元.</summary>
    public decimal Received { get; set; }
    public string? Note { get; set; }
    public uint Version { get; set; }

    public Project? Project { get; set; }
}

/// <summary>
/// A section's approved figures of one year in one row, kept by triggers on monthly_reports (0017) and read by the
/// roll-up instead of every report. Arrays are months 1..12; null where the month has no approved report. Never written
/// by the application.
/// </summary>
public sealed class SectionYearFigures
{
    public long SectionId { get; set; }
    public int Year { get; set; }
    public decimal?[] Actuals { get; set; } = [];
    public decimal?[] Ytd { get; set; } = [];
    public decimal?[] Progress { get; set; } = [];
    public int ApprovedMonths { get; set; }
    public int BackwardsMonths { get; set; }
}
