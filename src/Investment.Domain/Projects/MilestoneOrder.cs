namespace Investment.Domain.Projects;

/// <summary>
/// Which milestones must not be dated before which (节点先后). The known steps are the design stages in order
/// (proposal → feasibility study → preliminary design → construction drawings) and start → handover → completion
/// acceptance, start → opening; the rule is their transitive closure, so a completion acceptance dated before the start
/// is refused even when no handover lies between them. Other pairs may overlap in practice (land approval can follow an
/// early start, a tender can precede the drawings, opening and handover come in either order), so they are not checked.
/// </summary>
public static class MilestoneOrder
{
    private static readonly (MilestoneKind Before, MilestoneKind After)[] Steps =
    [
        (MilestoneKind.Proposal, MilestoneKind.FeasibilityStudy),
        (MilestoneKind.FeasibilityStudy, MilestoneKind.PreliminaryDesign),
        (MilestoneKind.PreliminaryDesign, MilestoneKind.ConstructionDrawings),
        (MilestoneKind.Start, MilestoneKind.HandoverAcceptance),
        (MilestoneKind.Start, MilestoneKind.Opening),
        (MilestoneKind.HandoverAcceptance, MilestoneKind.CompletionAcceptance),
    ];

    /// <summary>Every pair that must be in order (the closure of the steps), earlier milestone first, in life-cycle order.</summary>
    public static IReadOnlyList<(MilestoneKind Before, MilestoneKind After)> OrderedPairs { get; } = Closure();

    /// <summary>
    /// The first pair dated backwards — actual dates compared with actual dates, planned with planned — or <c>null</c>
    /// when the order holds. A milestone without the date in question is not compared (a plan does not contradict an
    /// actual).
    /// </summary>
    /// <param name="milestones">A project's milestones, each kind at most once.</param>
    /// <exception cref="ArgumentNullException"><paramref name="milestones"/> is <c>null</c>.</exception>
    /// <exception cref="ArgumentException">A kind is listed twice.</exception>
    public static MilestoneOrderViolation? FirstViolation(IEnumerable<MilestoneDates> milestones)
    {
        ArgumentNullException.ThrowIfNull(milestones);
        var byKind = milestones.ToDictionary(m => m.Kind);
        foreach (var (before, after) in OrderedPairs)
        {
            if (!byKind.TryGetValue(before, out var earlier) || !byKind.TryGetValue(after, out var later))
            {
                continue;
            }

            if (earlier.ActualOn is { } a1 && later.ActualOn is { } b1 && b1 < a1)
            {
                return new MilestoneOrderViolation(before, after, Actual: true, a1, b1);
            }

            if (earlier.PlannedOn is { } a2 && later.PlannedOn is { } b2 && b2 < a2)
            {
                return new MilestoneOrderViolation(before, after, Actual: false, a2, b2);
            }
        }

        return null;
    }

    private static (MilestoneKind, MilestoneKind)[] Closure()
    {
        var pairs = new HashSet<(MilestoneKind Before, MilestoneKind After)>(Steps);
        // Warshall's closure over eleven kinds: whatever follows something that follows a kind follows that kind too.
        foreach (var via in MilestoneKinds.All)
        {
            foreach (var before in MilestoneKinds.All)
            {
                foreach (var after in MilestoneKinds.All)
                {
                    if (pairs.Contains((before, via)) && pairs.Contains((via, after)))
                    {
                        pairs.Add((before, after));
                    }
                }
            }
        }

        return [.. pairs.OrderBy(p => p.Before).ThenBy(p => p.After)];
    }
}

/// <summary>Two milestones dated backwards: <see cref="After"/> on <see cref="AfterOn"/>, before <see cref="Before"/> on <see cref="BeforeOn"/>.</summary>
/// <param name="Before">The milestone that comes first.</param>
/// <param name="After">The milestone that comes later but is dated earlier.</param>
/// <param name="Actual"><c>true</c> when the actual dates disagree, <c>false</c> for the planned dates.</param>
/// <param name="BeforeOn">The date of <paramref name="Before"/>.</param>
/// <param name="AfterOn">The date of <paramref name="After"/>, earlier than <paramref name="BeforeOn"/>.</param>
public sealed record MilestoneOrderViolation(MilestoneKind Before, MilestoneKind After, bool Actual, DateOnly BeforeOn, DateOnly AfterOn);
