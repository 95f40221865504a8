using FluentValidation;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Http;
using Investment.Domain;
using Investment.Domain.Progress;
using Investment.Domain.Quantities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Quantities;

/// <summary>The amount completed in one month (not cumulative), in the target's unit.</summary>
public sealed record SetQuantityProgressRequest(decimal? Completed);

public sealed class SetQuantityProgressValidator : AbstractValidator<SetQuantityProgressRequest>
{
    public SetQuantityProgressValidator()
    {
        RuleFor(x => x.Completed).NotNull();
        // Whether a fraction is allowed depends on the target's kind, which the handler checks.
        RuleFor(x => x.Completed).Custom((amount, context) =>
        {
            if (amount is { } value && QuantityAmounts.Problem(value, null) is { } problem)
            {
                context.AddFailure(QuantityMessages.Amount(problem, null).Text);
            }
        });
    }
}

/// <summary>
/// The month's amount and, through that month, the year's completed total and completion rate (null when the target is 0).
/// </summary>
public sealed record QuantityProgressResponse(
    long TargetId, string Period, decimal Completed, decimal CompletedThroughPeriod, decimal Target, decimal? CompletionRate);

public static class SetQuantityProgress
{
    /// <summary>Sets (not adds) the month's completed amount, so sending it again changes nothing.</summary>
    public static async Task<Results<Ok<QuantityProgressResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        long targetId, string period, SetQuantityProgressRequest request, InvestmentDb db, CallerScope scope, BureauClock clock,
        CancellationToken ct)
    {
        if (!ReportingMonth.TryParse(period, out var month))
        {
            return Problems.Field("period", QuantityMessages.PeriodFormat);
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var (target, problem) = await QuantityQueries.LockForWriteAsync(db, scope, targetId, ct);
        if (target is null || problem is not null)
        {
            return problem!;
        }
        if (month.Year != target.Year)
        {
            return Problems.Field("period", new($"The target is for {target.Year}: give a month of that year.",
                $"该目标是{target.Year}年的，请填写{target.Year}年内的月份。"));
        }
        if (month > ReportingMonth.Of(clock.Today))
        {
            return Problems.Field("period", new($"{month} is in the future.", $"{month}尚未到来，不能填报。"));
        }
        var completed = request.Completed!.Value;
        if (QuantityKinds.TryGet(target.Kind, out var kind) && QuantityAmounts.Problem(completed, kind) is { } amountProblem)
        {
            return Problems.Field("completed", QuantityMessages.Amount(amountProblem, kind));
        }

        await db.Database.ExecuteSqlAsync($"""
            insert into quantity_progress (target_id, month, completed) values ({targetId}, {month.Month}, {completed})
            on conflict (target_id, month) do update set completed = excluded.completed
            """, ct);
        var months = await db.QuantityProgress.AsNoTracking().Where(p => p.TargetId == targetId && p.Month <= month.Month)
            .ToListAsync(ct);
        await tx.CommitAsync(ct);
        var through = months.Sum(p => p.Completed);
        return TypedResults.Ok(new QuantityProgressResponse(targetId, month.ToString(),
            months.Single(p => p.Month == month.Month).Completed, through, target.Target, CompletionRate.Of(through, target.Target)));
    }
}
