using FluentValidation;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Http;
using Investment.Domain;
using Investment.Domain.Progress;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Figures;

/// <summary>
/// Lag thresholds in ratio units: a lag below yellowBelow is yellow, below redBelow red (−0.10 = 10 points behind the
/// time-elapsed progress). redBelow ≤ yellowBelow ≤ 0.
/// </summary>
public sealed record LagThresholdsRequest(decimal? YellowBelow, decimal? RedBelow);

public sealed record LagThresholdsResponse(decimal YellowBelow, decimal RedBelow, DateTimeOffset? UpdatedAt);

public sealed class LagThresholdsValidator : AbstractValidator<LagThresholdsRequest>
{
    public LagThresholdsValidator()
    {
        RuleFor(x => x.YellowBelow).NotNull().InclusiveBetween(-1m, 0m)
            .Says(new Message("Must be a ratio between -1 and 0 (-0.05 = 5 points behind).", "应为-1到0之间的比值（-0.05表示落后5个百分点）。"))
            .Must(v => v is null || Money.HasAtMostScale(v.Value, 4)).Says(Messages.AtMostDecimals(4));
        RuleFor(x => x.RedBelow).NotNull().InclusiveBetween(-1m, 0m)
            .Says(new Message("Must be a ratio between -1 and 0 (-0.10 = 10 points behind).", "应为-1到0之间的比值（-0.10表示落后10个百分点）。"))
            .Must(v => v is null || Money.HasAtMostScale(v.Value, 4)).Says(Messages.AtMostDecimals(4));
        RuleFor(x => x.RedBelow).LessThanOrEqualTo(x => x.YellowBelow)
            .When(x => x.YellowBelow is not null && x.RedBelow is not null)
            .Says(new Message("Must be at or below yellowBelow: red means further behind than yellow.", "红色阈值不能高于黄色阈值：红色表示比黄色落后更多。"));
    }
}

public static class LagThresholdSettings
{
    public static async Task<Ok<LagThresholdsResponse>> Get(InvestmentDb db, CancellationToken ct)
    {
        var row = await db.LagThresholds.AsNoTracking().SingleOrDefaultAsync(t => t.Id == 1, ct);
        var current = row is null ? LagThresholds.Default : new LagThresholds(row.YellowBelow, row.RedBelow);
        return TypedResults.Ok(new LagThresholdsResponse(current.YellowBelow, current.RedBelow, row?.UpdatedAt));
    }

    /// <summary>Sets the thresholds every figure's lag status is judged by from now on.</summary>
    public static async Task<Ok<LagThresholdsResponse>> Put(
        LagThresholdsRequest request, InvestmentDb db, BureauClock clock, CancellationToken ct)
    {
        var row = await db.LagThresholds.SingleOrDefaultAsync(t => t.Id == 1, ct);
        if (row is null)
        {
            row = new LagThresholdSetting { Id = 1 };
            db.LagThresholds.Add(row);
        }
        row.YellowBelow = request.YellowBelow!.Value;
        row.RedBelow = request.RedBelow!.Value;
        row.UpdatedAt = clock.Now;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new LagThresholdsResponse(row.YellowBelow, row.RedBelow, row.UpdatedAt));
    }
}
