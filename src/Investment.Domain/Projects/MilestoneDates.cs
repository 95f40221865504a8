namespace Investment.Domain.Projects;

/// <summary>One milestone of a project with its planned and actual dates (计划 / 实际).</summary>
/// <param name="Kind">Which milestone.</param>
/// <param name="PlannedOn">The planned date, if one is set.</param>
/// <param name="ActualOn">The date it actually happened, if it has.</param>
public sealed record MilestoneDates(MilestoneKind Kind, DateOnly? PlannedOn, DateOnly? ActualOn);
