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
        RuleFor(x => x.PlannedInvestment).NotNull().WithMessage("Give the planned investment in 万元.").Wan();
        RuleFor(x => x.TargetPhysicalProgress).InclusiveBetween(0m, 100m).WithMessage("Must be a percentage between 0 and 100.")
            .Must(v => v is null || Money.HasAtMostScale(v.Value, 2)).WithMessage("At most 2 decimal places.");
        RuleFor(x => x.MonthlyProfile).Must(p => p is null || p.Count == TimeElapsedProgress.MonthsInYear)
            .WithMessage((_, p) => $"Give exactly 12 monthly amounts, January first; this has {p!.Count}.");
        RuleForEach(x => x.MonthlyProfile)
            .GreaterThanOrEqualTo(0m).WithMessage("Must not be negative.")
            .LessThanOrEqualTo(Money.MaxWan).WithMessage($"Must not exceed {Money.MaxWan} 万元.")
            .Must(v => Money.HasAtMostScale(v, Money.WanScale)).WithMessage($"At most {Money.WanScale} decimal places of 万元 (one yuan).");
        RuleFor(x => x.MonthlyProfile)
            .Must((request, profile) => profile!.Sum() == request.PlannedInvestment)
            .When(x => x.PlannedInvestment is not null && x.MonthlyProfile is { Count: TimeElapsedProgress.MonthsInYear } p
                       && p.All(v => v >= 0 && v <= Money.MaxWan))
            .WithMessage((request, profile) => string.Create(CultureInfo.InvariantCulture,
                $"The 12 monthly amounts add up to {profile!.Sum()} 万元, not the planned {request.PlannedInvestment} 万元 (difference {profile!.Sum() - request.PlannedInvestment} 万元)."));
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
            return Problems.NotFound($"Section {sectionId}");
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
            return Problems.NotFound($"Section {sectionId}");
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
            return Problems.NotFound($"The {year} plan of section {sectionId}");
        }
        if (await db.MonthlyReports.AnyAsync(
                r => r.SectionId == sectionId && r.Year == year && r.Status == ReportStatuses.Approved, ct))
        {
            return Problems.Conflict($"Section {sectionId} has approved reports for {year}, which are measured against this plan; replace the plan instead.");
        }
        await db.AnnualPlans.Where(p => p.SectionId == sectionId && p.Year == year).ExecuteDeleteAsync(ct);
        return TypedResults.NoContent();
    }

    internal static ValidationProblem? YearError(int year) =>
        year is < MinYear or > MaxYear
            ? Problems.Field("year", string.Create(CultureInfo.InvariantCulture, $"Must be between {MinYear} and {MaxYear}."))
            : null;
}
