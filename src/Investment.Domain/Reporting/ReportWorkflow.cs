namespace Investment.Domain.Reporting;

/// <summary>
/// The report workflow: draft → submitted → approved, or submitted → returned → submitted again. An approved
/// revision is locked; approving a correction supersedes the revision approved before it.
/// </summary>
/// <remarks>
/// State codes are the lowercase strings stored in the database and used in the API ("draft", "submitted",
/// "returned", "approved", "superseded"); they are case-sensitive and never change.
/// </remarks>
public static class ReportWorkflow
{
    private static readonly Dictionary<ReportState, string> Codes = new()
    {
        [ReportState.Draft] = "draft",
        [ReportState.Submitted] = "submitted",
        [ReportState.Returned] = "returned",
        [ReportState.Approved] = "approved",
        [ReportState.Superseded] = "superseded",
    };

    private static readonly Dictionary<string, ReportState> ByCode =
        Codes.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>The stored code, e.g. <see cref="ReportState.Submitted"/> → "submitted".</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="state"/> is not a defined member.</exception>
    public static string ToCode(ReportState state) =>
        Codes.TryGetValue(state, out var code) ? code : throw new ArgumentOutOfRangeException(nameof(state), state, null);

    /// <summary>Reads a stored code; exact, case-sensitive match.</summary>
    /// <param name="code">The code; <c>null</c> gives <c>false</c>.</param>
    /// <param name="state">The state, or <c>default</c> when the code is unknown.</param>
    public static bool TryParse(string? code, out ReportState state)
    {
        state = default;
        return code is not null && ByCode.TryGetValue(code, out state);
    }

    /// <summary>True for draft, submitted and returned: the revision is still in the workflow.</summary>
    public static bool IsOpen(ReportState state) => state is ReportState.Draft or ReportState.Submitted or ReportState.Returned;

    /// <summary>True for draft and returned: the headquarters may still change the figures.</summary>
    public static bool IsEditable(ReportState state) => state is ReportState.Draft or ReportState.Returned;

    /// <summary>The states from which <paramref name="action"/> is allowed, in workflow order.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="action"/> is not a defined member.</exception>
    public static IReadOnlyList<ReportState> AllowedFrom(ReportAction action) => action switch
    {
        ReportAction.Submit => [ReportState.Draft, ReportState.Returned],
        ReportAction.Approve => [ReportState.Submitted],
        ReportAction.Return => [ReportState.Submitted],
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    /// <summary>
    /// The state a revision in <paramref name="from"/> moves to under <paramref name="action"/>, or <c>null</c> when
    /// the action is not allowed there (e.g. approving a draft, or anything on an approved or superseded revision).
    /// </summary>
    public static ReportState? After(ReportState from, ReportAction action) =>
        AllowedFrom(action).Contains(from)
            ? action switch
            {
                ReportAction.Submit => ReportState.Submitted,
                ReportAction.Approve => ReportState.Approved,
                _ => ReportState.Returned,
            }
            : null;
}
