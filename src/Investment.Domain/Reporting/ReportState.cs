namespace Investment.Domain.Reporting;

/// <summary>
/// Where one revision of a monthly report stands. A month has at most one open revision (draft, submitted or
/// returned) and at most one approved one; the approved revision's figures are the month's figures.
/// </summary>
public enum ReportState
{
    /// <summary>Being written by the headquarters; editable.</summary>
    Draft,

    /// <summary>Handed to the planning section; locked until it is approved or returned.</summary>
    Submitted,

    /// <summary>Sent back by the planning section with a reason; editable and submittable again.</summary>
    Returned,

    /// <summary>Accepted: these are the month's figures. Locked; a change is a correction (a new revision).</summary>
    Approved,

    /// <summary>Once approved, then replaced by an approved correction. Kept for the history only.</summary>
    Superseded,
}

/// <summary>What the planning section or the headquarters can do to a revision.</summary>
public enum ReportAction
{
    /// <summary>Hand a draft or returned revision to the planning section.</summary>
    Submit,

    /// <summary>Accept a submitted revision.</summary>
    Approve,

    /// <summary>Send a submitted revision back to the headquarters with a reason.</summary>
    Return,
}
