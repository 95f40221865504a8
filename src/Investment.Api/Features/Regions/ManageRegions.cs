using System.Globalization;
using FluentValidation;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Jobs;
using Investment.Api.Features.Projects;
using Investment.Api.Features.Rollups;
using Investment.Api.Http;
using Investment.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Regions;

/// <summary>A new region: its GB/T 2260 code, name, level and (except for a province) its parent's code.</summary>
public sealed record CreateRegionRequest(string Code, string Name, string Level, string? ParentCode);

public sealed record RenameRegionRequest(string Name);

/// <summary>Retires a region from a month ("yyyy-MM") on; from then its sections count in <c>successorCode</c>.</summary>
public sealed record RetireRegionRequest(string SuccessorCode, string Period);

public sealed record RegionResponse(string Code, string Name, string Level, string? ParentCode, string? RetiredFrom, string? SuccessorCode)
{
    public static RegionResponse From(Region r) =>
        new(r.Code, r.Name, r.Level, r.ParentCode, RegionEndpoints.MonthOf(r.RetiredFrom), r.SuccessorCode);
}

/// <summary>A roll-up queued again because a retirement changed the figures of its period.</summary>
public sealed record RollupRerun(string Period, Guid JobId);

public sealed record RetirementResponse(RegionResponse Region, IReadOnlyList<RollupRerun> Rollups);

public sealed class CreateRegionValidator : AbstractValidator<CreateRegionRequest>
{
    public CreateRegionValidator()
    {
        RuleFor(x => x.Code).RegionCode()
            .Must((x, code) => code is null || ManageRegions.FitsLevel(code, x.Level))
            .Says(x => ManageRegions.ShapeOf(x.Level));
        RuleFor(x => x.Name).NotEmpty().MaximumLength(ManageRegions.NameMax);
        RuleFor(x => x.Level).NotEmpty().Must(l => ManageRegions.Levels.Contains(l))
            .Says(Messages.OneOf(string.Join(", ", ManageRegions.Levels)));
        RuleFor(x => x.ParentCode).Matches("^[0-9]{6}$")
            .Says(new Message("Must be a 6-digit national administrative code (GB/T 2260).", "应为6位行政区划代码（GB/T 2260），例如330600。"));
    }
}

public sealed class RenameRegionValidator : AbstractValidator<RenameRegionRequest>
{
    public RenameRegionValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(ManageRegions.NameMax);
    }
}

public sealed class RetireRegionValidator : AbstractValidator<RetireRegionRequest>
{
    public RetireRegionValidator(BureauClock clock)
    {
        RuleFor(x => x.SuccessorCode).RegionCode();
        RuleFor(x => x.Period).Cascade(CascadeMode.Stop)
            .NotEmpty()
            .Must(p => RollupEndpoints.TryParsePeriod(p, out _)).Says(RollupEndpoints.PeriodError)
            .Must(p => ReportingMonth.Parse(p) <= ReportingMonth.Of(clock.Today))
            .Says(_ => new Message($"Must not be later than the current month ({ReportingMonth.Of(clock.Today)}): record a retirement once it applies.",
                $"不能晚于本月（{ReportingMonth.Of(clock.Today)}）：撤销行政区应在生效后登记。"));
    }
}

/// <summary>
/// The administrator's region registry: add a region, rename it, retire it with a successor. Each write goes through
/// EF on the request's connection, so the audit trigger on regions records who made it.
/// </summary>
public static class ManageRegions
{
    public const int NameMax = 100;

    public static readonly IReadOnlyList<string> Levels = [RegionLevels.Province, RegionLevels.City, RegionLevels.County];

    public static string FormatVersion(uint version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>201 with the region; its parent must exist, be active and be one level up, its code under the parent's.</summary>
    public static async Task<Results<Created<RegionResponse>, ValidationProblem, ProblemHttpResult>> Create(
        CreateRegionRequest request, InvestmentDb db, HttpResponse response, CancellationToken ct)
    {
        var parent = request.ParentCode is null ? null : await db.Regions.AsNoTracking().SingleOrDefaultAsync(r => r.Code == request.ParentCode, ct);
        if (ParentError(request, parent) is { } parentError)
        {
            return Problems.Field("parentCode", parentError);
        }
        if (parent is not null && !request.Code.StartsWith(parent.Code[..PrefixLength(request.Level)], StringComparison.Ordinal))
        {
            return Problems.Field("code", new($"A {request.Level} of {parent.Code} has a code starting {parent.Code[..PrefixLength(request.Level)]}.",
                $"{parent.Code}下属行政区的代码应以{parent.Code[..PrefixLength(request.Level)]}开头。"));
        }
        if (await db.Regions.AnyAsync(r => r.Code == request.Code, ct))
        {
            return Problems.Conflict(new($"Region {request.Code} exists already.", $"行政区划代码{request.Code}已存在。"));
        }
        var region = new Region { Code = request.Code, Name = request.Name.Trim(), Level = request.Level, ParentCode = request.ParentCode };
        db.Regions.Add(region);
        // A concurrent create of the same code loses on pk_regions and is answered 409 by ErrorHandling.
        await db.SaveChangesAsync(ct);
        response.Headers.ETag = FormatVersion(region.Version);
        return TypedResults.Created($"/api/v1/regions/{region.Code}", RegionResponse.From(region));
    }

    /// <summary>Renames a region (its code stays: a new code is a new region and a retirement). A stale If-Match answers 412.</summary>
    public static async Task<Results<Ok<RegionResponse>, ValidationProblem, ProblemHttpResult>> Rename(
        string code, RenameRegionRequest request, InvestmentDb db, HttpRequest http, HttpResponse response, CancellationToken ct)
    {
        var region = await db.Regions.SingleOrDefaultAsync(r => r.Code == code, ct);
        if (region is null)
        {
            return Problems.NotFound(What(code));
        }
        if (!ProjectVersion.Matches(http, region.Version))
        {
            return Problems.PreconditionFailed(FormatVersion(region.Version));
        }
        region.Name = request.Name.Trim();
        // xmin is the concurrency token: a rename racing this one after the check above fails here (409, reload).
        await db.SaveChangesAsync(ct);
        response.Headers.ETag = FormatVersion(region.Version);
        return TypedResults.Ok(RegionResponse.From(region));
    }

    /// <summary>
    /// Retires a region from a month on with an active successor of the same level. A region that still has active
    /// regions below it, or is retired already, answers 409. The period may not be in the future, nor before a month
    /// from which a region retired into this one counts here. Roll-ups already run for that month or later are queued
    /// again, so rankings drop the retired region and its successor's rows include its sections.
    /// </summary>
    public static async Task<Results<Ok<RetirementResponse>, ValidationProblem, ProblemHttpResult>> Retire(
        string code, RetireRegionRequest request, InvestmentDb db, JobQueue jobs, CancellationToken ct)
    {
        var period = ReportingMonth.Parse(request.Period);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Both rows locked, in code order: a concurrent retirement of either waits, then sees this one.
        var locked = await db.Regions
            .FromSql($"select *, xmin from regions where code in ({code}, {request.SuccessorCode}) order by code for update")
            .ToListAsync(ct);
        var region = locked.SingleOrDefault(r => r.Code == code);
        if (region is null)
        {
            return Problems.NotFound(What(code));
        }
        if (region.RetiredFrom is { } from)
        {
            return Problems.Conflict(new($"Region {code} was retired from {ReportingMonth.Of(from)} into {region.SuccessorCode} already.",
                $"行政区{code}已于{ReportingMonth.Of(from)}撤销，由{region.SuccessorCode}承继。"));
        }
        if (await db.Regions.AnyAsync(r => r.ParentCode == code && r.RetiredFrom == null, ct))
        {
            return Problems.Conflict(new($"Region {code} still has active regions below it: retire them first.",
                $"行政区{code}下仍有未撤销的行政区，请先撤销它们。"));
        }
        var successor = locked.SingleOrDefault(r => r.Code == request.SuccessorCode);
        Message? successorError = successor switch
        {
            _ when request.SuccessorCode == code => new("A region cannot succeed itself.", "承继行政区不能是其本身。"),
            null => Messages.UnknownRegion(request.SuccessorCode),
            { RetiredFrom: not null } => new($"Region {successor.Code} is retired itself; name its successor {successor.SuccessorCode} instead.",
                $"行政区{successor.Code}本身已撤销，请改为其承继行政区{successor.SuccessorCode}。"),
            _ when successor.Level != region.Level => new($"The successor must be a {region.Level} like {code}, not a {successor.Level}.",
                $"承继行政区应与{code}同级（{region.Level}），不能是{successor.Level}。"),
            _ => null,
        };
        if (successorError is { } error)
        {
            return Problems.Field("successorCode", error);
        }
        var latestTakenOver = await db.Regions.Where(r => r.SuccessorCode == code).MaxAsync(r => r.RetiredFrom, ct);
        if (latestTakenOver is { } takenOver && period < ReportingMonth.Of(takenOver))
        {
            return Problems.Field("period", new(
                $"Region {code} holds a retired region's sections from {ReportingMonth.Of(takenOver)}; it cannot be retired before that month.",
                $"行政区{code}自{ReportingMonth.Of(takenOver)}起承继了已撤销行政区的标段，撤销月份不能早于此月。"));
        }

        region.RetiredFrom = period.FirstDay;
        region.SuccessorCode = request.SuccessorCode;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        var stale = await db.RollupRuns.AsNoTracking()
            .Where(r => r.Year > period.Year || (r.Year == period.Year && r.Month >= period.Month))
            .OrderBy(r => r.Year).ThenBy(r => r.Month)
            .Select(r => new { r.Year, r.Month })
            .ToListAsync(ct);
        var reruns = new List<RollupRerun>();
        foreach (var month in stale.Select(r => new ReportingMonth(r.Year, r.Month).ToString()))
        {
            reruns.Add(new RollupRerun(month, await jobs.EnqueueAsync(JobKinds.Rollup, new PeriodParameters(month), ct)));
        }
        return TypedResults.Ok(new RetirementResponse(RegionResponse.From(region), reruns));
    }

    /// <summary>Whether a code has the GB/T 2260 shape of its level: 330000 a province, 330600 a city, 330681 a county.</summary>
    internal static bool FitsLevel(string code, string level) => level switch
    {
        RegionLevels.Province => code.EndsWith("0000", StringComparison.Ordinal),
        RegionLevels.City => code.EndsWith("00", StringComparison.Ordinal) && !code.EndsWith("0000", StringComparison.Ordinal),
        RegionLevels.County => !code.EndsWith("00", StringComparison.Ordinal),
        // The level's own rule reports an unknown level.
        _ => true,
    };

    internal static Message ShapeOf(string level) => level switch
    {
        RegionLevels.Province => new("A province's code ends in 0000 (e.g. 330000).", "省级行政区的代码以0000结尾，例如330000。"),
        RegionLevels.City => new("A city's code ends in 00 but not 0000 (e.g. 330600).", "地级行政区的代码以00结尾但不以0000结尾，例如330600。"),
        _ => new("A county's code does not end in 00 (e.g. 330681).", "县级行政区的代码不以00结尾，例如330681。"),
    };

    private static Message? ParentError(CreateRegionRequest request, Region? parent)
    {
        var expected = request.Level switch
        {
            RegionLevels.City => RegionLevels.Province,
            RegionLevels.County => RegionLevels.City,
            _ => null,
        };
        return (expected, request.ParentCode, parent) switch
        {
            (null, null, _) => null,
            (null, _, _) => new("A province has no parent region.", "省级行政区没有上级行政区。"),
            (_, null, _) => new($"A {request.Level} needs its parent {expected}.", $"请填写上级行政区（{expected}）。"),
            (_, _, null) => Messages.UnknownRegion(request.ParentCode),
            (_, _, { RetiredFrom: not null } p) => new($"Region {p.Code} is retired; a new region goes under an active one.",
                $"行政区{p.Code}已撤销，新行政区应设在未撤销的上级行政区下。"),
            (_, _, { } p) when p.Level != expected => new($"The parent of a {request.Level} is a {expected}; {p.Code} is a {p.Level}.",
                $"{request.Level}的上级应为{expected}，而{p.Code}是{p.Level}。"),
            _ => null,
        };
    }

    /// <summary>How many leading digits a region shares with its parent: a city its province's two, a county its city's four.</summary>
    private static int PrefixLength(string level) => level == RegionLevels.City ? 2 : 4;

    private static Message What(string code) => new($"Region '{code}'", $"行政区“{code}”");
}
