using Investment.Domain.Figures;

namespace Investment.Api.Features.Figures;

/// <summary>
/// One figure set (see <see cref="FigureSet"/>): money in 万元, exact; rates as unrounded ratios. completionRate is null
/// when the plan is 0, yoyGrowth when last year's figure is 0, timeElapsedProgress when the plan is 0, lag and lagStatus
/// when either rate is null; the physical fields only for a single section. plannedToDate is the part of the plan due by
/// the end of the month (万元), so plannedToDate − ytdActual is the gap in 万元 behind the time-elapsed schedule.
/// </summary>
public sealed record FigureSetResponse(
    decimal Plan,
    decimal MonthActual,
    decimal YtdActual,
    decimal SinceStartActual,
    decimal PreviousYearYtd,
    decimal? YoyGrowth,
    decimal? CompletionRate,
    decimal? TimeElapsedProgress,
    decimal? Lag,
    string? LagStatus,
    decimal? PhysicalProgress,
    decimal? TargetPhysicalProgress,
    decimal? PhysicalCompletion,
    decimal PlannedToDate)
{
    public static FigureSetResponse From(FigureSet f, bool withPhysical = true) => new(
        f.Plan, f.MonthActual, f.YtdActual, f.SinceStartActual, f.PreviousYearYtd, f.YoyGrowth, f.CompletionRate,
        f.TimeElapsedProgress, f.Lag, FigureParameters.ToCode(f.LagStatus),
        withPhysical ? f.PhysicalProgress : null, withPhysical ? f.TargetPhysicalProgress : null,
        withPhysical ? f.PhysicalCompletion : null, f.PlannedToDate);
}

/// <summary>forecast: 预计全年完成 on the section's plan profile, else its region's seasonality, else linear.</summary>
public sealed record SectionFiguresResponse(
    long SectionId, string Name, string RegionCode, string RegionName, long ProjectId, string ProjectCode, string ProjectName,
    string Period, FigureSetResponse Figures, ForecastResponse Forecast);

public sealed record ProjectSectionFigures(long SectionId, string Name, string RegionCode, string RegionName, FigureSetResponse Figures);

/// <summary>
/// forecast: 预计全年完成 on the sum of the sections' plan profiles when every planned section has one, else the seasonality
/// of the project's region, else linear.
/// </summary>
public sealed record ProjectFiguresResponse(
    long ProjectId, string Code, string Name, string Mode, string Status, string Period, FigureSetResponse Figures,
    IReadOnlyList<ProjectSectionFigures> Sections, ForecastResponse Forecast);

/// <summary>
/// A region's figures. task, taskCompletionRate (YTD ÷ task; null when the task is 0) and growthTarget are the region's
/// assessed targets for the scope and year: null without a scope, with a mode filter (the task covers the whole scope),
/// or when no target is set. forecast: 预计全年完成 on the sum of the sections' plan profiles when every planned section has
/// one, else the region's seasonality, else linear; its taskOutlook is judged against the task.
/// </summary>
public sealed record RegionFiguresResponse(
    string RegionCode, string RegionName, string Period, string? Scope, string? Mode, string? ModeCategory,
    int ProjectCount, int SectionCount, FigureSetResponse Figures, decimal? Task, decimal? TaskCompletionRate, decimal? GrowthTarget,
    ForecastResponse Forecast);

/// <summary>shareOfTotal = this row's YTD ÷ the region's total YTD; null when the total is 0.</summary>
public sealed record ModeFigures(string Mode, decimal? ShareOfTotal, FigureSetResponse Figures);

public sealed record ModeCategoryFigures(string Category, decimal? ShareOfTotal, FigureSetResponse Figures, IReadOnlyList<ModeFigures> Modes);

public sealed record RegionFiguresByModeResponse(
    string RegionCode, string RegionName, string Period, string? Scope, FigureSetResponse Total, IReadOnlyList<ModeCategoryFigures> Categories);

public sealed record ProjectFiguresRow(
    long ProjectId, string Code, string Name, string Mode, string Status, int SectionCount, FigureSetResponse Figures);

public sealed record RegionFiguresByProjectResponse(
    string RegionCode, string RegionName, string Period, string? Scope, string? LagStatus, IReadOnlyList<ProjectFiguresRow> Items);
