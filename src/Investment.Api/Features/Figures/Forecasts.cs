using Investment.Api.Data;
using Investment.Api.Features.Rollups;
using Investment.Domain;
using Investment.Domain.Figures;
using Investment.Domain.Forecasting;
using Investment.Domain.Regions;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Figures;

/// <summary>
/// 预计全年完成: the year-end forecast (万元) with its 80% interval (low..high), what it was read from (basis: reported,
/// planProfile, seasonal, linear), whether the year's plan and the assessed task will be met on that interval (met,
/// atRisk, missed; null without a plan or a task), and by how much the forecast falls short of the plan (万元, negative
/// when it exceeds it; null without a plan).
/// </summary>
public sealed record ForecastResponse(
    decimal YearEnd, decimal Low, decimal High, string Basis, string? PlanOutlook, string? TaskOutlook, decimal? Shortfall)
{
    public static ForecastResponse From(YearEndForecast f, decimal plan, decimal? task) => new(
        f.YearEnd, f.Low, f.High, Forecasts.BasisCode(f.Basis), Forecasts.OutlookCode(f.OutlookFor(plan)),
        Forecasts.OutlookCode(f.OutlookFor(task)), f.ShortfallOf(plan));
}

/// <summary>One region's approved actual of one earlier month, as stored on its sections (before any succession).</summary>
internal sealed record HistoryMonth(string RegionCode, int Year, int Month, decimal Amount);

/// <summary>
/// The forecast's inputs, read the same way by the live figures and the roll-up, so both answer the same forecast.
/// </summary>
/// <remarks>
/// Precedence: a section's own plan profile; for a project, a region or a roll-up row, the plans' profiles only when every
/// section with a plan has one (their sum is then the group's profile: planned to date ÷ plan is its share by the month);
/// otherwise the region's seasonality from its earlier years; otherwise linear. A mix of profiled and linear plans says
/// nothing reliable about the whole year's shape, while the region's history does.
/// </remarks>
public static class Forecasts
{
    public static YearEndForecast For(
        ReportingMonth period, decimal ytd, decimal plan, decimal plannedToDate, bool everyPlanProfiled, Seasonality? seasonality) =>
        YearEndForecast.OfPlannedShare(ytd, period.Month, everyPlanProfiled && plan > 0 ? plannedToDate / plan : null, seasonality);

    /// <summary>The forecast of a group of sections' figures (a section is a group of one).</summary>
    public static YearEndForecast For(ReportingMonth period, FigureSet figures, IEnumerable<SectionFigureInput> sections, Seasonality? seasonality) =>
        For(period, figures.YtdActual, figures.Plan, figures.PlannedToDate, EveryPlanProfiled(sections), seasonality);

    /// <summary>A section without a plan (or with a plan of 0) has no shape to contribute; any other needs its profile.</summary>
    public static bool EveryPlanProfiled(IEnumerable<SectionFigureInput> sections) =>
        sections.All(s => s.Plan <= 0 || s.MonthlyProfile is not null);

    public static string BasisCode(ForecastBasis basis) => basis switch
    {
        ForecastBasis.Reported => "reported",
        ForecastBasis.PlanProfile => "planProfile",
        ForecastBasis.Seasonal => "seasonal",
        _ => "linear",
    };

    public static ForecastBasis ParseBasis(string code) =>
        Enum.GetValues<ForecastBasis>().Single(b => BasisCode(b) == code);

    public static string? OutlookCode(PlanOutlook? outlook) => outlook switch
    {
        PlanOutlook.Met => "met",
        PlanOutlook.AtRisk => "atRisk",
        PlanOutlook.Missed => "missed",
        _ => null,
    };

    /// <summary>
    /// Each region's seasonality in <paramref name="period"/> from its earlier years' approved months: sums over its subtree
    /// (a retired region's months count in the region that holds its sections in the period, as the figures do), with the
    /// spread pooled over the children of its parent: two or three years of one county say little about how much a share
    /// varies, the county's neighbours together say more. A top-level region keeps its own spread.
    /// </summary>
    internal static Dictionary<string, Seasonality> Rhythms(
        IEnumerable<HistoryMonth> history, IReadOnlyDictionary<string, RegionNode> regions, RegionSuccession succession, ReportingMonth period)
    {
        var firstYear = period.Year - ForecastBacktest.HistoryYears;
        var sums = new Dictionary<string, decimal[][]>(StringComparer.Ordinal);
        foreach (var h in history)
        {
            if (h.Year < firstYear || h.Year >= period.Year)
            {
                continue;
            }
            for (string? code = succession.EffectiveCode(h.RegionCode, period); code is not null;
                 code = regions.TryGetValue(code, out var node) ? node.ParentCode : null)
            {
                if (!sums.TryGetValue(code, out var years))
                {
                    sums[code] = years = [.. Enumerable.Range(0, ForecastBacktest.HistoryYears).Select(_ => new decimal[Seasonality.MonthsInYear])];
                }
                years[h.Year - firstYear][h.Month - 1] += h.Amount;
            }
        }

        var own = new Dictionary<string, Seasonality>(StringComparer.Ordinal);
        foreach (var (code, years) in sums)
        {
            if (Seasonality.FromYears(years) is { } seasonality)
            {
                own[code] = seasonality;
            }
        }
        string? ParentOf(string code) => regions.TryGetValue(code, out var node) ? node.ParentCode : null;
        var pooled = own.GroupBy(r => ParentOf(r.Key))
            .Where(g => g.Key is not null)
            .ToDictionary(g => g.Key!, g => Seasonality.PooledSpread(g.Select(r => r.Value)), StringComparer.Ordinal);
        return own.ToDictionary(
            r => r.Key,
            r => ParentOf(r.Key) is { } parent && pooled[parent] is { } spread ? r.Value.WithSpread(spread) : r.Value,
            StringComparer.Ordinal);
    }

    /// <summary>
    /// One region's seasonality as the roll-up makes it (<see cref="Rhythms"/>), reading only its parent's subtree: the
    /// region and the siblings its spread is pooled with. Read from all sections, not the caller's: a county's caller
    /// sees its city's table of counties, and the rhythm is a property of the region, not of the sections one may open.
    /// </summary>
    public static async Task<Seasonality?> RhythmOfAsync(InvestmentDb db, string regionCode, ReportingMonth period, CancellationToken ct)
    {
        var all = await db.Regions.AsNoTracking()
            .Select(r => new { r.Code, r.Level, r.ParentCode, r.SuccessorCode, r.RetiredFrom })
            .ToListAsync(ct);
        var regions = all.ToDictionary(r => r.Code, r => new RegionNode(r.Code, r.Level, r.ParentCode), StringComparer.Ordinal);
        var succession = new RegionSuccession(all.Where(r => r.SuccessorCode is not null && r.RetiredFrom is not null)
            .Select(r => new Retirement(r.Code, r.SuccessorCode!, ReportingMonth.Of(r.RetiredFrom!.Value))));
        if (!regions.TryGetValue(regionCode, out var region))
        {
            return null;
        }
        var root = region.ParentCode ?? regionCode;
        bool Under(string code)
        {
            for (string? c = succession.EffectiveCode(code, period); c is not null; c = regions.TryGetValue(c, out var n) ? n.ParentCode : null)
            {
                if (c == root)
                {
                    return true;
                }
            }
            return false;
        }
        var codes = regions.Keys.Where(Under).ToList();
        var (from, to) = (period.Year - ForecastBacktest.HistoryYears, period.Year - 1);
        var history = await db.MonthlyReports.AsNoTracking().Approved()
            .Where(r => r.Year >= from && r.Year <= to && codes.Contains(r.Section!.RegionCode))
            .GroupBy(r => new { r.Section!.RegionCode, r.Year, r.Month })
            .Select(g => new HistoryMonth(g.Key.RegionCode, g.Key.Year, g.Key.Month, g.Sum(r => r.MonthActual)))
            .ToListAsync(ct);
        return Rhythms(history, regions, succession, period).GetValueOrDefault(regionCode);
    }
}
