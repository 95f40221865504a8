using Investment.Domain.Growth;
using Investment.Domain.Progress;

namespace Investment.Domain.Figures;

/// <summary>
/// What one section brings to a figure set for a reporting period: its annual plan for the period's year and the sums
/// of its approved monthly actuals. Money in 万元; physical progress in percent (0–100) of the whole works.
/// </summary>
/// <param name="Plan">Annual planned investment of the period's year; 0 when the section has no plan that year.</param>
/// <param name="MonthlyProfile">
/// The plan's twelve monthly amounts (January first, adding up to <paramref name="Plan"/>), or <c>null</c> for linear.
/// </param>
/// <param name="MonthActual">Approved actual of the period's month.</param>
/// <param name="YtdActual">Approved actuals of January through the period's month of the period's year.</param>
/// <param name="SinceStartActual">Approved actuals of every month up to and including the period (开累).</param>
/// <param name="PreviousYearYtd">Approved actuals of the same months (January through the period's month) of the previous year.</param>
/// <param name="PhysicalProgress">Latest approved physical progress in the period's year up to the period; <c>null</c> when none.</param>
/// <param name="TargetPhysicalProgress">Physical progress the plan aims for by year end; <c>null</c> when none is set.</param>
public sealed record SectionFigureInput(
    decimal Plan,
    IReadOnlyList<decimal>? MonthlyProfile,
    decimal MonthActual,
    decimal YtdActual,
    decimal SinceStartActual,
    decimal PreviousYearYtd,
    decimal? PhysicalProgress = null,
    decimal? TargetPhysicalProgress = null)
{
    /// <summary>A section with no plan and no approved report: every amount 0.</summary>
    public static SectionFigureInput Empty { get; } = new(0m, null, 0m, 0m, 0m, 0m);
}

/// <summary>
/// The figures of a section, project or region for one reporting period. Money in 万元, exact (sums of stored values);
/// rates are ratios (1.036 = 103.6%) to <see cref="Rate.Decimals"/> decimals, rounded once by the rate rules
/// (<see cref="Rate"/>), so they are the numbers the roll-up stores for the same sections and period.
/// </summary>
/// <param name="Plan">Annual planned investment of the period's year.</param>
/// <param name="MonthActual">Actual of the period's month.</param>
/// <param name="YtdActual">Actual from January through the period (1-N月累计).</param>
/// <param name="SinceStartActual">Actual of every month up to and including the period (开累).</param>
/// <param name="PreviousYearYtd">Actual of the same months of the previous year.</param>
/// <param name="YoyGrowth">Year-on-year growth of <paramref name="YtdActual"/>; <c>null</c> when last year's figure is 0.</param>
/// <param name="CompletionRate">YTD ÷ plan; <c>null</c> when the plan is 0.</param>
/// <param name="TimeElapsedProgress">Planned-to-date ÷ plan: the share of the plan due by the end of the period's month;
/// <c>null</c> when the plan is 0.</param>
/// <param name="Lag">Completion rate − time-elapsed progress; <c>null</c> when either is <c>null</c>.</param>
/// <param name="LagStatus">Traffic light of <paramref name="Lag"/> under the thresholds in force; <c>null</c> with it.</param>
/// <param name="PhysicalProgress">Percent of the works done (single section only; <c>null</c> otherwise or when unreported).</param>
/// <param name="TargetPhysicalProgress">Percent the plan aims for by year end (single section only).</param>
/// <param name="PhysicalCompletion">Physical progress ÷ its target, can exceed 1; <c>null</c> when either is missing or the target is 0.</param>
/// <param name="PlannedToDate">The part of the plan due by the end of the period's month (万元): the sum of each section's
/// profiled or linear amount, each to the yuan (<see cref="Rollups.PlannedToDate.Of"/>), so planned-to-date − YTD is the
/// gap behind and a region's amount is the sum of its sections' amounts as shown.</param>
public sealed record FigureSet(
    decimal Plan,
    decimal MonthActual,
    decimal YtdActual,
    decimal SinceStartActual,
    decimal PreviousYearYtd,
    decimal? YoyGrowth,
    decimal? CompletionRate,
    decimal? TimeElapsedProgress,
    decimal? Lag,
    LagStatus? LagStatus,
    decimal? PhysicalProgress,
    decimal? TargetPhysicalProgress,
    decimal? PhysicalCompletion,
    decimal PlannedToDate);

/// <summary>
/// The one place a figure set is computed, so a section, its project, its county and its city all show the same
/// numbers, and the same as the roll-up's. An aggregate is the sum of its sections' inputs, never an average of their
/// rates.
/// </summary>
public static class InvestmentFigures
{
    /// <summary>The figures of one section for <paramref name="period"/>.</summary>
    /// <param name="section">The section's plan and actual sums.</param>
    /// <param name="period">The reporting month; its month number drives the planned-to-date.</param>
    /// <param name="thresholds">The lag thresholds in force.</param>
    /// <remarks>
    /// Time-elapsed progress is the section's planned-to-date (<see cref="PlannedToDate"/>, to the yuan) ÷ its plan, as
    /// the roll-up computes it, and <c>null</c> when the plan is 0: an expectation of nothing is no expectation, and the
    /// lag is undefined then anyway. Physical completion is physical progress ÷ target through
    /// <see cref="Progress.CompletionRate.Of"/>.
    /// </remarks>
    /// <exception cref="ArgumentNullException">An argument is <c>null</c>.</exception>
    /// <exception cref="ArgumentException">The profile does not have 12 non-negative entries.</exception>
    public static FigureSet ForSection(SectionFigureInput section, ReportingMonth period, LagThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(thresholds);
        var physicalCompletion = section is { PhysicalProgress: { } done, TargetPhysicalProgress: { } target }
            ? Progress.CompletionRate.Of(done, target)
            : null;
        return Build(section.Plan, section.MonthActual, section.YtdActual, section.SinceStartActual, section.PreviousYearYtd,
            PlannedToDate(section, period.Month), thresholds, section.PhysicalProgress, section.TargetPhysicalProgress,
            physicalCompletion);
    }

    /// <summary>
    /// The figures of a group of sections (a project, a region, a mode): amounts summed; rates from the sums.
    /// </summary>
    /// <param name="sections">The sections' inputs; may be empty (every amount 0, every rate <c>null</c>).</param>
    /// <param name="period">The reporting month.</param>
    /// <param name="thresholds">The lag thresholds in force.</param>
    /// <returns>
    /// For exactly one section, the same figures as <see cref="ForSection"/> (physical progress included). Otherwise
    /// time-elapsed progress is Σ planned-to-date ÷ Σ plan (each section's planned-to-date from its own profile, or
    /// linear), so sections are weighted by money, and is <c>null</c> when Σ plan is 0; the physical fields are
    /// <c>null</c>, since percentages of different works do not add up.
    /// </returns>
    /// <exception cref="ArgumentNullException">An argument is <c>null</c>.</exception>
    /// <exception cref="ArgumentException">A profile does not have 12 non-negative entries.</exception>
    public static FigureSet ForGroup(IReadOnlyCollection<SectionFigureInput> sections, ReportingMonth period, LagThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(sections);
        ArgumentNullException.ThrowIfNull(thresholds);
        if (sections.Count == 1)
        {
            return ForSection(sections.First(), period, thresholds);
        }

        decimal plan = 0m, month = 0m, ytd = 0m, sinceStart = 0m, previous = 0m, plannedToDate = 0m;
        foreach (var s in sections)
        {
            plan += s.Plan;
            month += s.MonthActual;
            ytd += s.YtdActual;
            sinceStart += s.SinceStartActual;
            previous += s.PreviousYearYtd;
            plannedToDate += PlannedToDate(s, period.Month);
        }

        return Build(plan, month, ytd, sinceStart, previous, plannedToDate, thresholds, null, null, null);
    }

    /// <summary>
    /// The amount of a section's plan due by the end of <paramref name="month"/>, to the yuan: the plan × the profile's
    /// share of months 1..m, or plan × m ÷ 12 when linear (<see cref="Rollups.PlannedToDate.Of"/>, the roll-up's rule).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="section"/> is <c>null</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="month"/> is outside 1..12.</exception>
    /// <exception cref="ArgumentException">The profile does not have 12 non-negative entries.</exception>
    public static decimal PlannedToDate(SectionFigureInput section, int month)
    {
        ArgumentNullException.ThrowIfNull(section);
        return Rollups.PlannedToDate.Of(section.Plan, section.MonthlyProfile, month);
    }

    /// <summary>A part's share of a total (e.g. rail's share of all YTD investment), rounded as every rate is.</summary>
    /// <returns>part ÷ total; <c>null</c> when the total is 0 or negative (no share of nothing).</returns>
    public static decimal? ShareOf(decimal part, decimal total) => Rate.Of(part, total);

    /// <summary>
    /// The rates of a set of sums — the live figures' and the roll-up's alike, so both answer the same numbers.
    /// </summary>
    /// <param name="plan">Annual plan (万元).</param>
    /// <param name="plannedToDate">Planned-to-date (万元), the sum of the sections' <see cref="PlannedToDate"/>.</param>
    /// <param name="ytd">Year-to-date actual (万元).</param>
    /// <param name="previousYtd">The same months' actual of the previous year (万元).</param>
    /// <param name="thresholds">The lag thresholds in force.</param>
    /// <exception cref="ArgumentNullException"><paramref name="thresholds"/> is <c>null</c>.</exception>
    public static FigureRates RatesOf(decimal plan, decimal plannedToDate, decimal ytd, decimal previousYtd, LagThresholds thresholds)
    {
        var completion = Progress.CompletionRate.Of(ytd, plan);
        var timeElapsed = Rollups.PlannedToDate.ShareOf(plannedToDate, plan);
        var lag = Progress.Lag.Of(completion, timeElapsed);
        return new FigureRates(completion, timeElapsed, lag, Progress.Lag.StatusOf(lag, thresholds),
            YearOverYear.Growth(ytd, previousYtd));
    }

    private static FigureSet Build(
        decimal plan, decimal month, decimal ytd, decimal sinceStart, decimal previous, decimal plannedToDate,
        LagThresholds thresholds, decimal? physical, decimal? physicalTarget, decimal? physicalCompletion)
    {
        var rates = RatesOf(plan, plannedToDate, ytd, previous, thresholds);
        return new FigureSet(plan, month, ytd, sinceStart, previous, rates.YoyGrowth, rates.CompletionRate,
            rates.TimeElapsedProgress, rates.Lag, rates.LagStatus, physical, physicalTarget, physicalCompletion,
            plannedToDate);
    }
}

/// <summary>The rates of one figure set; see <see cref="FigureSet"/> for each.</summary>
public sealed record FigureRates(
    decimal? CompletionRate, decimal? TimeElapsedProgress, decimal? Lag, LagStatus? LagStatus, decimal? YoyGrowth);
