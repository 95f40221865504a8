using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Regions;
using Investment.Api.Http;
using Investment.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Reporting;

/// <summary>A month's figures as they count: the approved revision's, else the open revision's.</summary>
public sealed record MonthFigures(string Period, decimal MonthActual, decimal? PhysicalProgress, string Status);

/// <summary>
/// One section on a headquarters' list for the reporting month. <c>state</c>: "missing" (nothing entered), "draft",
/// "submitted", "returned" (see <c>returnReason</c>) or "approved" (no revision open). The figures are the open
/// revision's, else the approved one's; <c>version</c> is the ETag the next save or submit sends in If-Match.
/// <c>plannedThisMonth</c> is the month's amount of the annual plan's profile (null without a profile).
/// </summary>
public sealed record WorklistSection(
    long SectionId,
    string SectionName,
    long ProjectId,
    string ProjectCode,
    string ProjectName,
    string RegionCode,
    string RegionName,
    string State,
    int? OpenRevision,
    string? ReturnReason,
    string? Version,
    decimal? MonthActual,
    decimal? PhysicalProgress,
    MonthFigures? PreviousMonth,
    decimal? PlannedInvestment,
    decimal? PlannedThisMonth);

/// <summary>
/// The month to report (by default the previous calendar month in the bureau's time zone), its due date
/// (<c>Reporting:DueDay</c> of the month after), the whole days left (negative when overdue) and the caller's sections.
/// </summary>
public sealed record WorklistResponse(string Period, DateOnly DueDate, int DaysLeft, int TotalCount, IReadOnlyList<WorklistSection> Sections);

/// <summary>
/// A report revision in a queue, with what a reviewer weighs it against: the annual plan, the month's planned amount
/// (profile only), the approved amounts of the year's earlier months plus this one, and the previous month.
/// </summary>
public sealed record QueuedReport(
    long SectionId,
    string SectionName,
    long ProjectId,
    string ProjectCode,
    string ProjectName,
    string RegionCode,
    string RegionName,
    string Period,
    int Revision,
    string Status,
    decimal MonthActual,
    decimal? PhysicalProgress,
    string? Narrative,
    string? Problems,
    string? ProgressDecreaseReason,
    string? CorrectionReason,
    string? ReturnReason,
    DateTimeOffset? SubmittedAt,
    string? SubmittedBy,
    string Version,
    decimal? PlannedInvestment,
    decimal? PlannedThisMonth,
    decimal YearToDateActual,
    MonthFigures? PreviousMonth);

public sealed record ReportQueuePage(IReadOnlyList<QueuedReport> Items, int Page, int PageSize, int TotalCount);

public static class ReportQueues
{
    public const int MaxPageSize = 200;
    private static readonly string[] QueueStatuses = [ReportStatuses.Draft, ReportStatuses.Submitted, ReportStatuses.Returned, ReportStatuses.Approved];

    /// <summary>
    /// 我的标段: the caller's sections expected to report for the month (<see cref="SectionQueries.ExpectedToReport"/>)
    /// with where the month stands, last month's figures and the plan, sorted by project code then section.
    /// </summary>
    public static async Task<Results<Ok<WorklistResponse>, ValidationProblem>> Worklist(
        string? period, int? page, int? pageSize, InvestmentDb db, CallerScope scope, BureauClock clock, CancellationToken ct)
    {
        var errors = PageErrors(page, pageSize);
        if (period is not null && ReportRules.PeriodError(period, clock.Today) is { } periodError)
        {
            errors["period"] = periodError;
        }
        if (errors.Count > 0)
        {
            return Problems.Fields(errors);
        }
        var deadline = period is null ? clock.CurrentDeadline : clock.DeadlineFor(ReportingMonth.Parse(period));
        var month = deadline.Month;
        var query = scope.Sections.AsNoTracking().ExpectedToReport(month);
        var total = await query.CountAsync(ct);
        var (skip, take) = Window(page, pageSize);
        var sections = await query
            .OrderBy(s => s.Project!.Code).ThenBy(s => s.Id)
            .Skip(skip).Take(take)
            .Select(s => new
            {
                s.Id, s.Name, s.ProjectId, ProjectCode = s.Project!.Code, ProjectName = s.Project.Name, s.RegionCode,
                RegionName = s.Region!.Name,
                Plan = s.AnnualPlans.Where(a => a.Year == month.Year)
                    .Select(a => new { a.PlannedInvestment, a.MonthlyProfile }).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var ids = sections.Select(s => s.Id).ToList();
        var reports = await MonthRowsAsync(db, ids, [month, month.Previous], ct);

        var items = sections.Select(s =>
        {
            var thisMonth = reports.GetValueOrDefault((s.Id, month)) ?? [];
            var open = thisMonth.FirstOrDefault(r => ReportStatuses.Open.Contains(r.Status));
            var approved = thisMonth.FirstOrDefault(r => r.Status == ReportStatuses.Approved);
            var shown = open ?? approved;
            return new WorklistSection(s.Id, s.Name, s.ProjectId, s.ProjectCode, s.ProjectName, s.RegionCode, s.RegionName,
                open?.Status ?? (approved is null ? MissingReports.Missing : ReportStatuses.Approved),
                open?.Revision, open?.ReturnReason, shown is null ? null : ReportVersion.Format(shown.Version),
                shown?.MonthActual, shown?.PhysicalProgress,
                Effective(reports.GetValueOrDefault((s.Id, month.Previous)), month.Previous),
                s.Plan?.PlannedInvestment, s.Plan?.MonthlyProfile?[month.Month - 1]);
        }).ToList();
        return TypedResults.Ok(new WorklistResponse(month.ToString(), deadline.DueDate, deadline.DaysLeft(clock.Today), total, items));
    }

    /// <summary>
    /// 审核队列: the report revisions in <paramref name="status"/> (default "submitted") of the caller's sections,
    /// optionally within a region (any level) and one month; oldest month first, then region, project and section.
    /// </summary>
    public static async Task<Results<Ok<ReportQueuePage>, ValidationProblem>> List(
        string? status, string? regionCode, string? period, int? page, int? pageSize, InvestmentDb db, CallerScope scope,
        BureauClock clock, CancellationToken ct)
    {
        var errors = PageErrors(page, pageSize);
        var wanted = status ?? ReportStatuses.Submitted;
        if (!QueueStatuses.Contains(wanted))
        {
            errors["status"] = Messages.OneOf(string.Join(", ", QueueStatuses));
        }
        if (period is not null && ReportRules.PeriodError(period, clock.Today) is { } periodError)
        {
            errors["period"] = periodError;
        }
        var regionCodes = await RegionQueries.FilterAsync(scope.Regions, regionCode, errors, ct);
        if (errors.Count > 0)
        {
            return Problems.Fields(errors);
        }

        var sections = scope.Sections;
        if (regionCodes is not null)
        {
            sections = sections.Where(s => regionCodes.Contains(s.RegionCode));
        }
        var query = db.MonthlyReports.AsNoTracking()
            .Where(r => r.Status == wanted && sections.Any(s => s.Id == r.SectionId));
        if (period is not null)
        {
            var month = ReportingMonth.Parse(period);
            query = query.Where(r => r.Year == month.Year && r.Month == month.Month);
        }
        var total = await query.CountAsync(ct);
        var (skip, take) = Window(page, pageSize);
        var rows = await query
            .OrderBy(r => r.Year).ThenBy(r => r.Month).ThenBy(r => r.Section!.RegionCode)
            .ThenBy(r => r.Section!.Project!.Code).ThenBy(r => r.SectionId)
            .Skip(skip).Take(take)
            .Select(r => new
            {
                Report = r, SectionName = r.Section!.Name, r.Section.ProjectId, ProjectCode = r.Section.Project!.Code,
                ProjectName = r.Section.Project.Name, r.Section.RegionCode, RegionName = r.Section.Region!.Name,
                Plan = r.Section.AnnualPlans.Where(a => a.Year == r.Year)
                    .Select(a => new { a.PlannedInvestment, a.MonthlyProfile }).FirstOrDefault(),
                EarlierApproved = db.MonthlyReports
                    .Where(e => e.SectionId == r.SectionId && e.Year == r.Year && e.Month < r.Month && e.Status == ReportStatuses.Approved)
                    .Sum(e => (decimal?)e.MonthActual) ?? 0m,
            })
            .ToListAsync(ct);
        var previousMonths = rows.Select(r => new ReportingMonth(r.Report.Year, r.Report.Month).Previous).Distinct().ToList();
        var previous = await MonthRowsAsync(db, rows.Select(r => r.Report.SectionId).Distinct().ToList(), previousMonths, ct);

        var items = rows.Select(x =>
        {
            var r = x.Report;
            var month = new ReportingMonth(r.Year, r.Month);
            return new QueuedReport(r.SectionId, x.SectionName, x.ProjectId, x.ProjectCode, x.ProjectName, x.RegionCode,
                x.RegionName, month.ToString(), r.Revision, r.Status, r.MonthActual, r.PhysicalProgress, r.Narrative, r.Problems,
                r.ProgressDecreaseReason, r.CorrectionReason, r.ReturnReason, r.SubmittedAt, r.SubmittedBy,
                ReportVersion.Format(r.Version), x.Plan?.PlannedInvestment, x.Plan?.MonthlyProfile?[r.Month - 1],
                // An approved revision is already among the approved months; a correction replaces its month's figure.
                x.EarlierApproved + r.MonthActual,
                Effective(previous.GetValueOrDefault((r.SectionId, month.Previous)), month.Previous));
        }).ToList();
        return TypedResults.Ok(new ReportQueuePage(items, page ?? 1, pageSize ?? 50, total));
    }

    private sealed record MonthRow(int Revision, string Status, decimal MonthActual, decimal? PhysicalProgress, string? ReturnReason, uint Version);

    /// <summary>The live revisions (superseded ones left out) of the sections in the months, by section and month.</summary>
    private static async Task<Dictionary<(long, ReportingMonth), List<MonthRow>>> MonthRowsAsync(
        InvestmentDb db, List<long> sectionIds, List<ReportingMonth> months, CancellationToken ct)
    {
        if (sectionIds.Count == 0 || months.Count == 0)
        {
            return [];
        }
        var keys = months.Select(m => m.Year * 100 + m.Month).ToList();
        var rows = await db.MonthlyReports.AsNoTracking()
            .Where(r => sectionIds.Contains(r.SectionId) && keys.Contains(r.Year * 100 + r.Month) && r.Status != ReportStatuses.Superseded)
            .Select(r => new { r.SectionId, r.Year, r.Month, Row = new MonthRow(r.Revision, r.Status, r.MonthActual, r.PhysicalProgress, r.ReturnReason, r.Version) })
            .ToListAsync(ct);
        return rows.GroupBy(r => (r.SectionId, new ReportingMonth(r.Year, r.Month)))
            .ToDictionary(g => g.Key, g => g.Select(r => r.Row).ToList());
    }

    private static MonthFigures? Effective(List<MonthRow>? rows, ReportingMonth month)
    {
        var row = rows?.FirstOrDefault(r => r.Status == ReportStatuses.Approved) ?? rows?.FirstOrDefault();
        return row is null ? null : new MonthFigures(month.ToString(), row.MonthActual, row.PhysicalProgress, row.Status);
    }

    private static Dictionary<string, Message> PageErrors(int? page, int? pageSize)
    {
        var errors = new Dictionary<string, Message>(StringComparer.Ordinal);
        if (page is < 1)
        {
            errors["page"] = Messages.PageFrom1;
        }
        if (pageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = Messages.PageSizeUpTo(MaxPageSize);
        }
        return errors;
    }

    private static (int Skip, int Take) Window(int? page, int? pageSize) => (((page ?? 1) - 1) * (pageSize ?? 50), pageSize ?? 50);
}
