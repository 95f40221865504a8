namespace Investment.Domain.Projects;

/// <summary>Codes and groupings for <see cref="MilestoneKind"/>.</summary>
/// <remarks>
/// Codes are the snake_case strings stored in the database and used in the API; they are case-sensitive and never
/// change, whatever the enum members are called.
/// </remarks>
public static class MilestoneKinds
{
    private static readonly Dictionary<MilestoneKind, string> Codes = new()
    {
        [MilestoneKind.Proposal] = "proposal",
        [MilestoneKind.FeasibilityStudy] = "feasibility_study",
        [MilestoneKind.SiteAndLandPreReview] = "site_land_prereview",
        [MilestoneKind.PreliminaryDesign] = "preliminary_design",
        [MilestoneKind.ConstructionDrawings] = "construction_drawings",
        [MilestoneKind.ConstructionTender] = "construction_tender",
        [MilestoneKind.LandApproval] = "land_approval",
        [MilestoneKind.Start] = "start",
        [MilestoneKind.HandoverAcceptance] = "handover_acceptance",
        [MilestoneKind.Opening] = "opening",
        [MilestoneKind.CompletionAcceptance] = "completion_acceptance",
    };

    private static readonly Dictionary<string, MilestoneKind> ByCode =
        Codes.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>Every milestone kind, in life-cycle order.</summary>
    public static IReadOnlyList<MilestoneKind> All { get; } = Array.AsReadOnly(Enum.GetValues<MilestoneKind>());

    /// <summary>The milestones that mark completion: handover acceptance, opening, completion acceptance.</summary>
    public static IReadOnlyList<MilestoneKind> Completion { get; } =
        Array.AsReadOnly([MilestoneKind.HandoverAcceptance, MilestoneKind.Opening, MilestoneKind.CompletionAcceptance]);

    /// <summary>The stored code, e.g. <see cref="MilestoneKind.SiteAndLandPreReview"/> → "site_land_prereview".</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not a defined member.</exception>
    public static string ToCode(MilestoneKind kind) =>
        Codes.TryGetValue(kind, out var code) ? code : throw new ArgumentOutOfRangeException(nameof(kind), kind, null);

    /// <summary>Reads a stored code; exact, case-sensitive match ("Start" and " start" fail).</summary>
    /// <param name="code">The code; <c>null</c> gives <c>false</c>.</param>
    /// <param name="kind">The kind, or <c>default</c> when the code is unknown.</param>
    public static bool TryParse(string? code, out MilestoneKind kind)
    {
        kind = default;
        return code is not null && ByCode.TryGetValue(code, out kind);
    }

    /// <summary>
    /// True for preliminary work (前期工作): the seven milestones before <see cref="MilestoneKind.Start"/>, from
    /// proposal to land approval.
    /// </summary>
    public static bool IsPreliminaryWork(MilestoneKind kind) =>
        kind is >= MilestoneKind.Proposal and < MilestoneKind.Start;

    /// <summary>True for the milestones that mark a project as built: see <see cref="Completion"/>.</summary>
    public static bool IsCompletion(MilestoneKind kind) =>
        kind is MilestoneKind.HandoverAcceptance or MilestoneKind.Opening or MilestoneKind.CompletionAcceptance;
}
