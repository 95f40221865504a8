using System.Globalization;
using FluentValidation;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Projects;
using Investment.Api.Http;
using Investment.Domain;
using Investment.Domain.Reporting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Reporting;

/// <summary>Field rules shared by the report requests, so the draft, the correction and the return say the same thing.</summary>
public static class ReportRules
{
    /// <summary>万元 within numeric(18,4), either sign: whether a negative amount is allowed depends on the revision.</summary>
    public static IRuleBuilderOptions<T, decimal?> MonthActual<T>(this IRuleBuilder<T, decimal?> rule) =>
        rule.NotNull().Says(new Message("The month's actual investment (万元) is required.", "本月完成投资（万元）必填。"))
            .Must(v => v is null || Math.Abs(v.Value) <= Money.MaxWan)
            .Says(new Message($"Must be between -{Money.MaxWan} and {Money.MaxWan} 万元.", $"应在-{Money.MaxWan}到{Money.MaxWan}万元之间。"))
            .Must(v => v is null || Money.HasAtMostScale(v.Value, Money.WanScale))
            .Says(ProjectRules.WanDecimals);

    public static IRuleBuilderOptions<T, decimal?> PhysicalProgress<T>(this IRuleBuilder<T, decimal?> rule) =>
        rule.InclusiveBetween(0m, 100m)
            .Says(new Message("Physical progress is a percentage of the whole works, 0 to 100.", "形象进度为占全部工程的百分比，应在0到100之间。"))
            .Must(v => v is null || Money.HasAtMostScale(v.Value, 2)).Says(Messages.AtMostDecimals(2));

    public static IRuleBuilderOptions<T, string?> Reason<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().Says(new Message("A reason is required.", "请填写原因。"))
            .MaximumLength(Limits.ReasonMax);

    /// <summary>
    /// Body errors and the period's format and "not in the future" errors in one dictionary, so a 400 names every
    /// field at fault at once. With no error, the period parses with <see cref="ReportingMonth.Parse"/>.
    /// </summary>
    public static async Task<ValidationProblem?> ProblemAsync<TRequest>(
        IValidator<TRequest> validator, TRequest request, string period, DateOnly today, CancellationToken ct)
    {
        var result = await validator.ValidateAsync(request, ct);
        var periodError = PeriodError(period, today);
        return result.IsValid && periodError is null
            ? null
            : Problems.Fields(result, periodError is { } e ? new Dictionary<string, Message> { ["period"] = e } : null);
    }

    public static Message? PeriodError(string? period, DateOnly today)
    {
        if (!ReportingMonth.TryParse(period, out var month))
        {
            return new Message("A period is a month written yyyy-MM, e.g. 2023-07.", "月份格式为yyyy-MM，例如2023-07。");
        }
        return ReportablePeriod.Check(month, today) == PeriodProblem.Future
            ? new Message($"{month} has not begun yet: the latest month that can be reported is {ReportingMonth.Of(today)}.",
                $"{month}尚未开始：目前最晚可填报{ReportingMonth.Of(today)}。")
            : null;
    }

    public static Message? ActiveFromError(ReportSection section, ReportingMonth month, DateOnly today) =>
        ReportablePeriod.Check(month, today, ReportingMonth.Of(section.ActiveFrom)) == PeriodProblem.BeforeActiveFrom
            ? new Message($"Section {section.Id} reports from {ReportingMonth.Of(section.ActiveFrom)} on; {month} is before that.",
                $"标段{section.Id}从{ReportingMonth.Of(section.ActiveFrom)}起填报，{month}早于起报月份。")
            : null;

    /// <summary>
    /// The rules on the figures that need the database: a negative month actual only in a correction, and physical
    /// progress below an earlier month, or above a later one already reported, only with a reason.
    /// </summary>
    public static async Task<Dictionary<string, Message>> FigureErrorsAsync(
        InvestmentDb db, long sectionId, ReportingMonth month, decimal monthActual, decimal? physicalProgress,
        string? progressDecreaseReason, bool correction, CancellationToken ct)
    {
        var errors = new Dictionary<string, Message>(StringComparer.Ordinal);
        if (monthActual < 0 && !correction)
        {
            errors["monthActual"] = new("Must not be negative. To reverse an approved amount, file a correction with a reason.",
                "不能为负数。如需冲减已审核的金额，请提交更正并说明原因。");
        }
        if (physicalProgress is { } progress && string.IsNullOrWhiteSpace(progressDecreaseReason)
            && ProgressRegression.ConflictWith((await OtherMonthsProgressAsync(db, [sectionId], month, ct))[sectionId], month, progress)
                is { } conflict)
        {
            errors["physicalProgress"] = ProgressConflictMessage(progress, conflict,
                new("give progressDecreaseReason", "请填写进度下降原因（progressDecreaseReason）"));
        }
        return errors;
    }

    /// <summary>
    /// Each section's progress in every month but <paramref name="month"/>, as the progress rule weighs it: a month
    /// counts with its approved figures, or with its open revision while nothing is approved; superseded revisions never.
    /// </summary>
    public static async Task<ILookup<long, MonthProgress>> OtherMonthsProgressAsync(
        InvestmentDb db, IReadOnlyCollection<long> sectionIds, ReportingMonth month, CancellationToken ct)
    {
        var rows = await db.MonthlyReports.AsNoTracking()
            .Where(r => sectionIds.Contains(r.SectionId) && r.Status != ReportStatuses.Superseded
                        && r.PhysicalProgress != null && !(r.Year == month.Year && r.Month == month.Month))
            .Select(r => new { r.SectionId, r.Year, r.Month, r.Status, r.PhysicalProgress })
            .ToListAsync(ct);
        return rows.GroupBy(r => (r.SectionId, r.Year, r.Month))
            .Select(g => g.FirstOrDefault(r => r.Status == ReportStatuses.Approved) ?? g.First())
            .ToLookup(r => r.SectionId, r => new MonthProgress(new ReportingMonth(r.Year, r.Month), r.PhysicalProgress!.Value));
    }

    /// <summary>
    /// Why <paramref name="progress"/> needs a reason, naming the month it contradicts; <paramref name="giveReason"/>
    /// says where the reason goes (the JSON field, or the sheet's column).
    /// </summary>
    public static Message ProgressConflictMessage(decimal progress, ProgressConflict conflict, Message giveReason)
    {
        var (other, value) = (conflict.Month.Period, Percent(conflict.Month.Progress));
        return conflict.IsLater
            ? new($"{Percent(progress)}% is above the {value}% already reported for the later month {other}, so progress would go down "
                  + $"from this month to that one; physical progress is cumulative, so {giveReason.En} to report it.",
                $"{Percent(progress)}%高于其后{other}已填报的{value}%，形象进度将从本月到{other}下降。形象进度是累计数，如确需如此填报，{giveReason.Zh}。")
            : new($"{Percent(progress)}% is below the {value}% reported for {other}; physical progress is cumulative, "
                  + $"so {giveReason.En} to report a decrease.",
                $"{Percent(progress)}%低于{other}已填报的{value}%。形象进度是累计数，如确需下调，{giveReason.Zh}。");
    }

    internal static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string Percent(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}

/// <summary>The section a report belongs to, as the workflow needs it.</summary>
public sealed record ReportSection(long Id, long ProjectId, string ProjectCode, string ProjectStatus, DateOnly ActiveFrom)
{
    public bool IsArchived => ProjectStatus == ProjectStatuses.Archived;
}

public static class ReportQueries
{
    /// <summary>The section if the caller may see it; null answers 404.</summary>
    public static Task<ReportSection?> FindSectionAsync(CallerScope scope, long sectionId, CancellationToken ct) =>
        scope.Sections.AsNoTracking().Where(s => s.Id == sectionId)
            .Select(s => new ReportSection(s.Id, s.ProjectId, s.Project!.Code, s.Project.Status, s.ActiveFrom))
            .SingleOrDefaultAsync(ct);

    /// <summary>Every revision of the section's month, newest first.</summary>
    public static Task<List<MonthlyReport>> RevisionsAsync(
        InvestmentDb db, long sectionId, ReportingMonth month, bool tracked, CancellationToken ct)
    {
        var query = db.MonthlyReports.Where(r => r.SectionId == sectionId && r.Year == month.Year && r.Month == month.Month);
        return (tracked ? query : query.AsNoTracking()).OrderByDescending(r => r.Revision).ToListAsync(ct);
    }

    public static MonthlyReport? OpenOf(IEnumerable<MonthlyReport> revisions) =>
        revisions.FirstOrDefault(r => ReportStatuses.Open.Contains(r.Status));

    public static MonthlyReport? ApprovedOf(IEnumerable<MonthlyReport> revisions) =>
        revisions.FirstOrDefault(r => r.Status == ReportStatuses.Approved);

    /// <summary>The month view, and the ETag to send with it: the open revision's if any, else the approved one's.</summary>
    public static async Task<(MonthReportResponse View, string? ETag)> MonthAsync(
        InvestmentDb db, ReportSection section, ReportingMonth month, CancellationToken ct)
    {
        var revisions = await RevisionsAsync(db, section.Id, month, tracked: false, ct);
        var open = OpenOf(revisions);
        var approved = ApprovedOf(revisions);
        var view = new MonthReportResponse(section.Id, section.ProjectId, section.ProjectCode, month.ToString(),
            approved is null ? null : ReportRevisionResponse.From(approved),
            open is null ? null : ReportRevisionResponse.From(open),
            revisions.Select(ReportRevisionResponse.From).ToList());
        var current = open ?? approved;
        return (view, current is null ? null : ReportVersion.Format(current.Version));
    }

    public static string Location(long sectionId, ReportingMonth month) => $"/api/v1/sections/{sectionId}/reports/{month}";
}

/// <summary>
/// Who is acting, for created_by / submitted_by / decided_by. Callers are not authenticated yet, so this is null today;
/// once authentication exists the user's name flows into those columns from here without touching the handlers.
/// </summary>
public static class ReportActor
{
    public static string? Of(HttpContext http) =>
        http.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name[..Math.Min(name.Length, 100)] : null;
}
