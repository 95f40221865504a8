using System.Globalization;
using FluentValidation;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Projects;
using Investment.Api.Http;
using Investment.Domain;
using Investment.Domain.Progress;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Figures;

/// <summary>
/// A section's plan for a year. monthlyProfile: twelve amounts, January first, adding up to plannedInvestment exactly;
/// omitted or null means linear. targetPhysicalProgress: percent of the whole works to reach by year end.
/// </summary>
public sealed record PutAnnualPlanRequest(decimal? PlannedInvestment, decimal? TargetPhysicalProgress, IReadOnlyList<decimal>? MonthlyProfile);

public sealed record AnnualPlanResponse(
    long SectionId, int Year, decimal PlannedInvestment, decimal? TargetPhysicalProgress, IReadOnlyList<decimal>? MonthlyProfile)
{
    public static AnnualPlanResponse From(AnnualPlan p) =>
        new(p.SectionId, p.Year, p.PlannedInvestment, p.TargetPhysicalProgress, p.MonthlyProfile);
}

public sealed class PutAnnualPlanValidator : AbstractValidator<PutAnnualPlanRequest>
{
    public PutAnnualPlanValidator()
    {
        RuleFor(x => x.PlannedInvestment).NotNull().Says(new Message("Give the planned investment in 万元.", "请填写年度计划投资（万元）。")).Wan();
        RuleFor(x => x.TargetPhysicalProgress).InclusiveBetween(0m, 100m).Says(new Message("Must be a percentage between 0 and 100.", "应为0到100之间的百分比。"))
            .Must(v => v is null || Money.HasAtMostScale(v.Value, 2)).Says(Messages.AtMostDecimals(2));
        RuleFor(x => x.MonthlyProfile).Must(p => p is null || p.Count == TimeElapsedProgress.MonthsInYear)
            .Says((_, p) => new Message($"Give exactly 12 monthly amounts, January first; this has {p!.Count}.",
                $"请按1月到12月填写12个月的计划数，现有{p!.Count}个。"));
        RuleForEach(x => x.MonthlyProfile)
            .GreaterThanOrEqualTo(0m).Says(Messages.NotNegative)
            .LessThanOrEqualTo(Money.MaxWan).Says(ProjectRules.WanTooLarge)
            .Must(v => Money.HasAtMostScale(v, Money.WanScale)).Says(ProjectRules.WanDecimals);
        RuleFor(x => x.MonthlyProfile)
            .Must((request, profile) => profile!.Sum() == request.PlannedInvestment)
            .When(x => x.PlannedInvestment is not null && x.MonthlyProfile is { Count: TimeElapsedProgress.MonthsInYear } p
                       && p.All(v => v >= 0 && v <= Money.MaxWan))
            .Says((request, profile) => new Message(
                string.Create(CultureInfo.InvariantCulture,
                    $"The 12 monthly amounts add up to {profile!.Sum()} 万元, not the planned {request.PlannedInvestment} 万元 (difference {profile!.Sum() - request.PlannedInvestment} 万元)."),
                string.Create(CultureInfo.InvariantCulture,
                    $"12个月计划数合计{profile!.Sum()}万元，与年度计划投资{request.PlannedInvestment}万元不符（相差{profile!.Sum() - request.PlannedInvestment}万元）。")));
    }
}

public static class AnnualPlans
{
    public const int MinYear = 1990;
    public const int MaxYear = 2100;

    /// <summary>Creates or replaces a section's plan for a year: 201 when new, 200 when replaced.</summary>
    public static async Task<Results<Created<AnnualPlanResponse>, Ok<AnnualPlanResponse>, ValidationProblem, ProblemHttpResult>> Put(
        long sectionId, int year, PutAnnualPlanRequest request, CallerScope scope, InvestmentDb db, CancellationToken ct)
    {
        if (YearError(year) is { } yearError)
        {
            return yearError;
        }
        if (!await scope.Sections.AnyAsync(s => s.Id == sectionId, ct))
        {
            return Problems.NotFound(new($"Section {sectionId}", $"标段{sectionId}"));
        }
        var plan = await db.AnnualPlans.SingleOrDefaultAsync(p => p.SectionId == sectionId && p.Year == year, ct);
        var created = plan is null;
        if (plan is null)
        {
            plan = new AnnualPlan { SectionId = sectionId, Year = year };
            db.AnnualPlans.Add(plan);
        }
        plan.PlannedInvestment = request.PlannedInvestment!.Value;
        plan.TargetPhysicalProgress = request.TargetPhysicalProgress;
        plan.MonthlyProfile = request.MonthlyProfile?.ToArray();
        await db.SaveChangesAsync(ct);
        var response = AnnualPlanResponse.From(plan);
        return created
            ? TypedResults.Created($"/api/v1/sections/{sectionId}/plans/{year}", response)
            : TypedResults.Ok(response);
    }

    /// <summary>A section's plans, by year.</summary>
    public static async Task<Results<Ok<List<AnnualPlanResponse>>, ProblemHttpResult>> List(
        long sectionId, CallerScope scope, InvestmentDb db, CancellationToken ct)
    {
        if (!await scope.Sections.AnyAsync(s => s.Id == sectionId, ct))
        {
            return Problems.NotFound(new($"Section {sectionId}", $"标段{sectionId}"));
        }
        var plans = await db.AnnualPlans.AsNoTracking().Where(p => p.SectionId == sectionId).OrderBy(p => p.Year).ToListAsync(ct);
        return TypedResults.Ok(plans.Select(AnnualPlanResponse.From).ToList());
    }

    /// <summary>Deletes a plan entered by mistake; refused once a month of that year is approved, since figures rest on it.</summary>
    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Delete(
        long sectionId, int year, CallerScope scope, InvestmentDb db, CancellationToken ct)
    {
        if (YearError(year) is { } yearError)
        {
            return yearError;
        }
        if (!await scope.Sections.AnyAsync(s => s.Id == sectionId, ct)
            || !await db.AnnualPlans.AnyAsync(p => p.SectionId == sectionId && p.Year == year, ct))
        {
            return Problems.NotFound(new($"The {year} plan of section {sectionId}", $"标段{sectionId}的{year}年度计划"));
        }
        if (await db.MonthlyReports.AnyAsync(
                r => r.SectionId == sectionId && r.Year == year && r.Status == ReportStatuses.Approved, ct))
        {
            return Problems.Conflict(new(
                $"Section {sectionId} has approved reports for {year}, which are measured against this plan; replace the plan instead.",
                $"标段{sectionId}在{year}年已有审核通过的月报，是按这份计划考核的，不能删除，请改为修改计划。"));
        }
        await db.AnnualPlans.Where(p => p.SectionId == sectionId && p.Year == year).ExecuteDeleteAsync(ct);
        return TypedResults.NoContent();
    }

    internal static readonly Message YearRange = new(
        string.Create(CultureInfo.InvariantCulture, $"Must be between {MinYear} and {MaxYear}."),
        string.Create(CultureInfo.InvariantCulture, $"年份应在{MinYear}到{MaxYear}之间。"));

    internal static ValidationProblem? YearError(int year) =>
        year is < MinYear or > MaxYear
            ? Problems.Field("year", YearRange)
            : null;
}
