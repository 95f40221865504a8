namespace Investment.Domain.Projects;

/// <summary>Derives a project's class (储备 / 前期 / 新开工 / 续建 / 建成 / 已建成) in a year from its milestones.</summary>
public static class ProjectClassRule
{
    /// <summary>
    /// The class of a project in <paramref name="year"/>, judged on <paramref name="asOf"/>.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Effective date of a milestone: the actual date if there is one; otherwise the planned date, but only if it is
    /// after <paramref name="asOf"/> (a plan for the future counts as intent; an overdue plan with no actual date does
    /// not, since it evidently did not happen); otherwise none. Dates after 31 December of <paramref name="year"/> are
    /// ignored, as if absent. If a kind appears more than once, its earliest effective date counts.
    /// </para>
    /// <para>
    /// Start date = effective date of <see cref="MilestoneKind.Start"/>; completion date = earliest effective date of
    /// handover acceptance, opening and completion acceptance. First match wins:
    /// </para>
    /// <list type="number">
    /// <item>completed in the year → <see cref="ProjectClass.Completed"/>. This beats new start: a project started and
    /// completed in the same year is counted as completed (建成), the later and more informative fact, so it is counted
    /// once and not also as a new start;</item>
    /// <item>completed before the year → <see cref="ProjectClass.InService"/>;</item>
    /// <item>started in the year → <see cref="ProjectClass.NewStart"/>;</item>
    /// <item>started before the year → <see cref="ProjectClass.Continuing"/>;</item>
    /// <item>any preliminary-work milestone (<see cref="MilestoneKinds.IsPreliminaryWork"/>) with an effective date →
    /// <see cref="ProjectClass.Preliminary"/>;</item>
    /// <item>otherwise → <see cref="ProjectClass.Reserve"/>.</item>
    /// </list>
    /// </remarks>
    /// <param name="year">The year to classify for, <see cref="ReportingMonth.MinYear"/>..<see cref="ReportingMonth.MaxYear"/>.</param>
    /// <param name="milestones">The project's milestones, in any order; kinds not listed are simply absent.</param>
    /// <param name="asOf">The day the classification is made (today, or the end of the period being reported).</param>
    /// <exception cref="ArgumentNullException"><paramref name="milestones"/> or one of its items is <c>null</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="year"/> is out of range.</exception>
    public static ProjectClass Classify(int year, IEnumerable<MilestoneDates> milestones, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(milestones);
        ArgumentOutOfRangeException.ThrowIfLessThan(year, ReportingMonth.MinYear);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, ReportingMonth.MaxYear);

        var yearEnd = new DateOnly(year, 12, 31);
        DateOnly? started = null, completed = null;
        var preliminary = false;
        foreach (var milestone in milestones)
        {
            ArgumentNullException.ThrowIfNull(milestone, nameof(milestones));
            if (EffectiveDate(milestone, asOf) is not { } date || date > yearEnd)
            {
                continue;
            }

            if (milestone.Kind == MilestoneKind.Start)
            {
                started = Earlier(started, date);
            }
            else if (MilestoneKinds.IsCompletion(milestone.Kind))
            {
                completed = Earlier(completed, date);
            }
            else if (MilestoneKinds.IsPreliminaryWork(milestone.Kind))
            {
                preliminary = true;
            }
        }

        return (completed?.Year, started?.Year) switch
        {
            ({ } c, _) when c == year => ProjectClass.Completed,
            ({ }, _) => ProjectClass.InService,
            (null, { } s) when s == year => ProjectClass.NewStart,
            (null, { }) => ProjectClass.Continuing,
            _ => preliminary ? ProjectClass.Preliminary : ProjectClass.Reserve,
        };
    }

    /// <summary>
    /// The date a milestone counts from on <paramref name="asOf"/>: the actual date; else a planned date after
    /// <paramref name="asOf"/>; else <c>null</c>. Does not apply the year cut-off of <see cref="Classify"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="milestone"/> is <c>null</c>.</exception>
    public static DateOnly? EffectiveDate(MilestoneDates milestone, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(milestone);
        return milestone.ActualOn ?? (milestone.PlannedOn > asOf ? milestone.PlannedOn : null);
    }

    private static DateOnly Earlier(DateOnly? current, DateOnly candidate) =>
        current is { } c && c <= candidate ? c : candidate;
}
