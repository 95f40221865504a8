using FluentValidation;
using Investment.Api.Http;
using Investment.Domain;
using Investment.Domain.Projects;

namespace Investment.Api.Features.Projects;

/// <summary>Field rules shared by the project, section and milestone requests, so every endpoint says the same thing.</summary>
public static class ProjectRules
{
    public static readonly Message UnknownMilestone = new("Unknown milestone kind.", "没有这种项目节点。");
    public static readonly Message NoMilestoneDate = new("Give a planned date, an actual date, or both.", "请填写计划日期或实际日期（或两者）。");
    public static readonly Message ActualInFuture = new("An actual date cannot be in the future.", "实际日期不能晚于今天。");
    public static readonly Message Before1990 = new("Must not be before 1990.", "日期不能早于1990年。");
    public static readonly Message FirstDayOfMonth = new("Must be the first day of a month.", "应为某月1日，例如2023-07-01。");

    public static IRuleBuilderOptions<T, decimal?> Wan<T>(this IRuleBuilder<T, decimal?> rule) =>
        rule.GreaterThanOrEqualTo(0).Says(Messages.NotNegative)
            .LessThanOrEqualTo(Money.MaxWan).Says(WanTooLarge)
            .Must(v => v is null || Money.HasAtMostScale(v.Value, Money.WanScale))
            .Says(WanDecimals);

    public static readonly Message WanTooLarge = new($"Must not exceed {Money.MaxWan} 万元.", $"不能超过{Money.MaxWan}万元。");

    public static readonly Message WanDecimals = new($"At most {Money.WanScale} decimal places of 万元 (one yuan).",
        $"最多{Money.WanScale}位小数（万元精确到元）。");

    public static IRuleBuilderOptions<T, decimal?> Kilometres<T>(this IRuleBuilder<T, decimal?> rule) =>
        rule.GreaterThanOrEqualTo(0).Says(Messages.NotNegative)
            .LessThan(10_000_000m).Says(new Message("Is not a plausible length.", "里程不合实际，请核对（单位：公里）。"))
            .Must(v => v is null || Money.HasAtMostScale(v.Value, 3))
            .Says(new Message("At most 3 decimal places (one metre).", "最多3位小数（公里精确到米）。"));

    public static IRuleBuilderOptions<T, string?> RegionCode<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().Matches("^[0-9]{6}$")
            .Says(new Message("Must be a 6-digit national administrative code (GB/T 2260).", "应为6位行政区划代码（GB/T 2260），例如330681。"));

    public static IRuleBuilderOptions<T, string?> Mode<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().Must(Modes.IsKnown).Says(Messages.OneOf(Modes.Describe()));

    public static IRuleBuilderOptions<T, IReadOnlyList<string>?> ScopeList<T>(this IRuleBuilder<T, IReadOnlyList<string>?> rule) =>
        rule.Must(list => list is null || list.All(Scopes.IsKnown))
            .Says(new Message($"Each scope must be one of: {Scopes.Describe()}.", $"统计口径应为以下取值之一：{Scopes.Describe()}。"))
            .Must(list => list is null || list.Distinct(StringComparer.Ordinal).Count() == list.Count)
            .Says(new Message("A scope is listed twice.", "统计口径重复填写了。"));

    /// <summary>
    /// Names the first later milestone dated before an earlier one (<see cref="MilestoneOrder"/>: the steps and their
    /// transitive closure), or null when the order holds.
    /// </summary>
    public static MilestoneOrderViolation? OrderViolation(IEnumerable<MilestoneDates> milestones) =>
        MilestoneOrder.FirstViolation(milestones);

    public static Message Describe(MilestoneOrderViolation v)
    {
        var (before, after) = (MilestoneKinds.ToCode(v.Before), MilestoneKinds.ToCode(v.After));
        return v.Actual
            ? new Message(
                $"{after} actually happened ({v.AfterOn:yyyy-MM-dd}) before {before} ({v.BeforeOn:yyyy-MM-dd}).",
                $"节点{after}的实际日期（{v.AfterOn:yyyy-MM-dd}）早于前一节点{before}（{v.BeforeOn:yyyy-MM-dd}），请核对。")
            : new Message(
                $"{after} is planned ({v.AfterOn:yyyy-MM-dd}) before {before} ({v.BeforeOn:yyyy-MM-dd}).",
                $"节点{after}的计划日期（{v.AfterOn:yyyy-MM-dd}）早于前一节点{before}（{v.BeforeOn:yyyy-MM-dd}），请核对。");
    }

    /// <summary>The request field a violation is about: the actual or the planned date.</summary>
    public static string FieldOf(MilestoneOrderViolation v) => v.Actual ? "actualOn" : "plannedOn";
}

public sealed record MilestoneInput(string Kind, DateOnly? PlannedOn, DateOnly? ActualOn);

public sealed class MilestoneInputValidator : AbstractValidator<MilestoneInput>
{
    public MilestoneInputValidator(Access.BureauClock clock)
    {
        RuleFor(x => x.Kind).NotEmpty().Must(k => MilestoneKinds.TryParse(k, out _))
            .Says(ProjectRules.UnknownMilestone);
        RuleFor(x => x).Must(x => x.PlannedOn is not null || x.ActualOn is not null)
            .OverridePropertyName("plannedOn").Says(ProjectRules.NoMilestoneDate);
        RuleFor(x => x.ActualOn).Must(d => d is null || d <= clock.Today)
            .Says(ProjectRules.ActualInFuture);
        RuleFor(x => x.PlannedOn).Must(d => d is null || d.Value.Year is >= 1990 and <= 2100)
            .Says(Messages.Year1990To2100);
        RuleFor(x => x.ActualOn).Must(d => d is null || d.Value.Year >= 1990)
            .Says(ProjectRules.Before1990);
    }
}
