using FluentValidation;
using Investment.Domain;
using Investment.Domain.Projects;

namespace Investment.Api.Features.Projects;

/// <summary>Field rules shared by the project, section and milestone requests, so every endpoint says the same thing.</summary>
public static class ProjectRules
{
    public static IRuleBuilderOptions<T, decimal?> Wan<T>(this IRuleBuilder<T, decimal?> rule) =>
        rule.GreaterThanOrEqualTo(0).WithMessage("Must not be negative.")
            .LessThanOrEqualTo(Money.MaxWan).WithMessage($"Must not exceed {Money.MaxWan} 万元.")
            .Must(v => v is null || Money.HasAtMostScale(v.Value, Money.WanScale))
            .WithMessage($"At most {Money.WanScale} decimal places of 万元 (one yuan).");

    public static IRuleBuilderOptions<T, decimal?> Kilometres<T>(this IRuleBuilder<T, decimal?> rule) =>
        rule.GreaterThanOrEqualTo(0).WithMessage("Must not be negative.")
            .LessThan(10_000_000m).WithMessage("Is not a plausible length.")
            .Must(v => v is null || Money.HasAtMostScale(v.Value, 3)).WithMessage("At most 3 decimal places (one metre).");

    public static IRuleBuilderOptions<T, string?> RegionCode<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().Matches("^[0-9]{6}$").WithMessage("Must be a 6-digit national administrative code (GB/T 2260).");

    public static IRuleBuilderOptions<T, string?> Mode<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().Must(Modes.IsKnown).WithMessage($"Must be one of: {Modes.Describe()}.");

    public static IRuleBuilderOptions<T, IReadOnlyList<string>?> ScopeList<T>(this IRuleBuilder<T, IReadOnlyList<string>?> rule) =>
        rule.Must(list => list is null || list.All(Scopes.IsKnown)).WithMessage($"Each scope must be one of: {Scopes.Describe()}.")
            .Must(list => list is null || list.Distinct(StringComparer.Ordinal).Count() == list.Count)
            .WithMessage("A scope is listed twice.");

    /// <summary>
    /// Milestones that follow one another must not be dated backwards: the design stages in order, and
    /// start → handover → completion acceptance, start → opening. Other pairs may overlap in practice (land approval
    /// can follow an early start), so they are not checked.
    /// </summary>
    public static readonly (MilestoneKind Before, MilestoneKind After)[] OrderedPairs =
    [
        (MilestoneKind.Proposal, MilestoneKind.FeasibilityStudy),
        (MilestoneKind.FeasibilityStudy, MilestoneKind.PreliminaryDesign),
        (MilestoneKind.PreliminaryDesign, MilestoneKind.ConstructionDrawings),
        (MilestoneKind.Start, MilestoneKind.HandoverAcceptance),
        (MilestoneKind.Start, MilestoneKind.Opening),
        (MilestoneKind.HandoverAcceptance, MilestoneKind.CompletionAcceptance),
    ];

    /// <summary>Names the first later milestone dated before an earlier one, or null when the order holds.</summary>
    public static string? OrderViolation(IReadOnlyDictionary<MilestoneKind, (DateOnly? Planned, DateOnly? Actual)> dates)
    {
        foreach (var (before, after) in OrderedPairs)
        {
            if (!dates.TryGetValue(before, out var a) || !dates.TryGetValue(after, out var b))
            {
                continue;
            }
            if (a.Actual is { } a1 && b.Actual is { } b1 && b1 < a1)
            {
                return $"{MilestoneKinds.ToCode(after)} actually happened ({b1:yyyy-MM-dd}) before {MilestoneKinds.ToCode(before)} ({a1:yyyy-MM-dd}).";
            }
            if (a.Planned is { } a2 && b.Planned is { } b2 && b2 < a2)
            {
                return $"{MilestoneKinds.ToCode(after)} is planned ({b2:yyyy-MM-dd}) before {MilestoneKinds.ToCode(before)} ({a2:yyyy-MM-dd}).";
            }
        }
        return null;
    }
}

public sealed record MilestoneInput(string Kind, DateOnly? PlannedOn, DateOnly? ActualOn);

public sealed class MilestoneInputValidator : AbstractValidator<MilestoneInput>
{
    public MilestoneInputValidator(Access.BureauClock clock)
    {
        RuleFor(x => x.Kind).NotEmpty().Must(k => MilestoneKinds.TryParse(k, out _))
            .WithMessage("Unknown milestone kind.");
        RuleFor(x => x).Must(x => x.PlannedOn is not null || x.ActualOn is not null)
            .OverridePropertyName("plannedOn").WithMessage("Give a planned date, an actual date, or both.");
        RuleFor(x => x.ActualOn).Must(d => d is null || d <= clock.Today)
            .WithMessage("An actual date cannot be in the future.");
        RuleFor(x => x.PlannedOn).Must(d => d is null || d.Value.Year is >= 1990 and <= 2100)
            .WithMessage("Must be between 1990 and 2100.");
        RuleFor(x => x.ActualOn).Must(d => d is null || d.Value.Year >= 1990)
            .WithMessage("Must not be before 1990.");
    }
}
