using FluentValidation;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Projects;
using Investment.Api.Http;
using Investment.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Figures;

/// <summary>A region's assessed task for a scope and year, in 万元, and its growth target as a ratio (0.1 = 10%).</summary>
public sealed record PutRegionTargetRequest(decimal? Task, decimal? GrowthTarget);

public sealed record RegionTargetResponse(string RegionCode, string Scope, int Year, decimal Task, decimal? GrowthTarget)
{
    public static RegionTargetResponse From(RegionTarget t) => new(t.RegionCode, t.Scope, t.Year, t.Task, t.GrowthTarget);
}

public sealed class PutRegionTargetValidator : AbstractValidator<PutRegionTargetRequest>
{
    public PutRegionTargetValidator()
    {
        RuleFor(x => x.Task).NotNull().Says(new Message("Give the assessed task in 万元.", "请填写年度考核任务（万元）。")).Wan();
        RuleFor(x => x.GrowthTarget).InclusiveBetween(-1m, 10m).Says(new Message("Must be a ratio between -1 and 10 (0.1 = 10%).", "增长目标应为-1到10之间的比值（0.1表示10%）。"))
            .Must(v => v is null || Money.HasAtMostScale(v.Value, 4))
            .Says(new Message("At most 4 decimal places (0.0001 = 0.01%).", "最多4位小数（0.0001即0.01%）。"));
    }
}

public static class RegionTargets
{
    /// <summary>Creates or replaces a region's task for a scope and year: 201 when new, 200 when replaced.</summary>
    public static async Task<Results<Created<RegionTargetResponse>, Ok<RegionTargetResponse>, ValidationProblem, ProblemHttpResult>> Put(
        string code, int year, [FromRoute(Name = "scope")] string scopeCode, PutRegionTargetRequest request,
        CallerScope caller, InvestmentDb db, CancellationToken ct)
    {
        if (KeyErrors(year, scopeCode) is { } keyErrors)
        {
            return keyErrors;
        }
        if (!await caller.Regions.AnyAsync(r => r.Code == code, ct))
        {
            return Problems.NotFound(new($"Region '{code}'", $"行政区“{code}”"));
        }
        var target = await db.RegionTargets.SingleOrDefaultAsync(t => t.RegionCode == code && t.Scope == scopeCode && t.Year == year, ct);
        var created = target is null;
        if (target is null)
        {
            target = new RegionTarget { RegionCode = code, Scope = scopeCode, Year = year };
            db.RegionTargets.Add(target);
        }
        target.Task = request.Task!.Value;
        target.GrowthTarget = request.GrowthTarget;
        await db.SaveChangesAsync(ct);
        var response = RegionTargetResponse.From(target);
        return created
            ? TypedResults.Created($"/api/v1/regions/{code}/targets/{year}/{scopeCode}", response)
            : TypedResults.Ok(response);
    }

    /// <summary>A region's tasks, optionally of one year, by year and scope.</summary>
    public static async Task<Results<Ok<List<RegionTargetResponse>>, ValidationProblem, ProblemHttpResult>> List(
        string code, CallerScope scope, InvestmentDb db, CancellationToken ct, int? year = null)
    {
        if (year is { } y && AnnualPlans.YearError(y) is { } yearError)
        {
            return yearError;
        }
        if (!await scope.Regions.AnyAsync(r => r.Code == code, ct))
        {
            return Problems.NotFound(new($"Region '{code}'", $"行政区“{code}”"));
        }
        var targets = await db.RegionTargets.AsNoTracking()
            .Where(t => t.RegionCode == code && (year == null || t.Year == year))
            .OrderBy(t => t.Year).ThenBy(t => t.Scope)
            .ToListAsync(ct);
        return TypedResults.Ok(targets.Select(RegionTargetResponse.From).ToList());
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Delete(
        string code, int year, [FromRoute(Name = "scope")] string scopeCode, CallerScope caller, InvestmentDb db, CancellationToken ct)
    {
        if (KeyErrors(year, scopeCode) is { } keyErrors)
        {
            return keyErrors;
        }
        var deleted = !await caller.Regions.AnyAsync(r => r.Code == code, ct) ? 0
            : await db.RegionTargets.Where(t => t.RegionCode == code && t.Scope == scopeCode && t.Year == year).ExecuteDeleteAsync(ct);
        return deleted == 0 ? Problems.NotFound(new($"The {year} {scopeCode} task of region '{code}'", $"行政区“{code}”{year}年{scopeCode}口径的任务")) : TypedResults.NoContent();
    }

    private static ValidationProblem? KeyErrors(int year, string scopeCode)
    {
        var errors = new Dictionary<string, Message>();
        if (year is < AnnualPlans.MinYear or > AnnualPlans.MaxYear)
        {
            errors["year"] = AnnualPlans.YearRange;
        }
        if (!Scopes.IsKnown(scopeCode))
        {
            errors["scope"] = Messages.OneOf(Scopes.Describe());
        }
        return errors.Count > 0 ? Problems.Fields(errors) : null;
    }
}
