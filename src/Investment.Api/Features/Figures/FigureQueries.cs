using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Projects;
using Investment.Api.Features.Regions;
using Investment.Api.Http;
using Investment.Domain;
using Investment.Domain.Figures;
using Investment.Domain.Progress;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Figures;

/// <summary>Who a section is, for grouping and labelling its figures.</summary>
public sealed record SectionInfo(
    long Id, string Name, string RegionCode, string RegionName, long ProjectId, string ProjectCode, string ProjectName,
    string Mode, string ProjectStatus);

public sealed record SectionFigures(SectionInfo Section, SectionFigureInput Input);

/// <summary>
/// Reads what <see cref="InvestmentFigures"/> needs for a set of sections in a constant number of queries: the sections,
/// their plans of the period's year, one row of grouped sums per section, and (when asked) their latest physical progress.
/// The figures of a month are its approved report; other revisions never count.
/// </summary>
public static class FigureQueries
{
    /// <summary>
    /// The reports that count: each month's approved revision, no other (in SQL,
    /// refresh_section_year_figures in migrations/0017_section_year_figures.sql, which the roll-up reads).
    /// </summary>
    public static IQueryable<MonthlyReport> Approved(this IQueryable<MonthlyReport> reports) =>
        reports.Where(r => r.Status == ReportStatuses.Approved);

    public static async Task<List<SectionFigures>> LoadAsync(
        InvestmentDb db, IQueryable<Section> sections, ReportingMonth period, bool withPhysicalProgress, CancellationToken ct)
    {
        var infos = await sections.AsNoTracking()
            .OrderBy(s => s.Id)
            .Select(s => new SectionInfo(s.Id, s.Name, s.RegionCode, s.Region!.Name, s.ProjectId, s.Project!.Code,
                s.Project.Name, s.Project.Mode, s.Project.Status))
            .ToListAsync(ct);
        if (infos.Count == 0)
        {
            return [];
        }

        var ids = infos.Select(i => i.Id).ToList();
        var (year, month) = period;
        var plans = await db.AnnualPlans.AsNoTracking()
            .Where(p => p.Year == year && ids.Contains(p.SectionId))
            .Select(p => new { p.SectionId, p.PlannedInvestment, p.MonthlyProfile, p.TargetPhysicalProgress })
            .ToDictionaryAsync(p => p.SectionId, ct);

        var sums = await db.MonthlyReports.AsNoTracking().Approved()
            .Where(r => ids.Contains(r.SectionId)
                        && (r.Year < year || (r.Year == year && r.Month <= month)))
            .GroupBy(r => r.SectionId)
            .Select(g => new
            {
                SectionId = g.Key,
                Month = g.Sum(r => r.Year == year && r.Month == month ? r.MonthActual : 0m),
                Ytd = g.Sum(r => r.Year == year ? r.MonthActual : 0m),
                PreviousYtd = g.Sum(r => r.Year == year - 1 && r.Month <= month ? r.MonthActual : 0m),
                SinceStart = g.Sum(r => r.MonthActual),
            })
            .ToDictionaryAsync(s => s.SectionId, ct);

        var physical = new Dictionary<long, decimal?>();
        if (withPhysicalProgress)
        {
            physical = await db.MonthlyReports.AsNoTracking().Approved()
                .Where(r => ids.Contains(r.SectionId) && r.Year == year
                            && r.Month <= month && r.PhysicalProgress != null)
                .GroupBy(r => r.SectionId)
                .Select(g => new { SectionId = g.Key, Progress = g.OrderByDescending(r => r.Month).Select(r => r.PhysicalProgress).First() })
                .ToDictionaryAsync(p => p.SectionId, p => p.Progress, ct);
        }

        return infos.Select(info =>
        {
            plans.TryGetValue(info.Id, out var plan);
            sums.TryGetValue(info.Id, out var sum);
            physical.TryGetValue(info.Id, out var progress);
            return new SectionFigures(info, new SectionFigureInput(
                plan?.PlannedInvestment ?? 0m, plan?.MonthlyProfile, sum?.Month ?? 0m, sum?.Ytd ?? 0m, sum?.SinceStart ?? 0m,
                sum?.PreviousYtd ?? 0m, progress, plan?.TargetPhysicalProgress));
        }).ToList();
    }

    /// <summary>
    /// The region's name and the codes of the regions whose sections count in its subtree in <paramref name="period"/>
    /// (a retired region's count in its successor from the retirement's month on), or null when it is not visible.
    /// </summary>
    public static async Task<(string Name, List<string> Codes)?> RegionAsync(
        CallerScope scope, InvestmentDb db, string code, ReportingMonth period, CancellationToken ct)
    {
        var name = await scope.Regions.Where(r => r.Code == code).Select(r => r.Name).SingleOrDefaultAsync(ct);
        if (name is null)
        {
            return null;
        }
        return (name, await RegionQueries.CountingInAsync(scope.Regions, db.Regions, code, period, ct));
    }

    /// <summary>The thresholds an administrator set; the default only if the settings row has gone missing.</summary>
    public static async Task<LagThresholds> ThresholdsAsync(InvestmentDb db, CancellationToken ct)
    {
        var row = await db.LagThresholds.AsNoTracking().SingleOrDefaultAsync(t => t.Id == 1, ct);
        return row is null ? LagThresholds.Default : new LagThresholds(row.YellowBelow, row.RedBelow);
    }

    /// <summary>Sections of projects in a scope, of a mode and/or a mode category, when those are given.</summary>
    public static IQueryable<Section> Filter(IQueryable<Section> sections, string? scopeCode, string? mode, string? modeCategory)
    {
        if (scopeCode is not null)
        {
            sections = sections.Where(s => s.Project!.Scopes.Any(x => x.Scope == scopeCode));
        }
        if (mode is not null)
        {
            sections = sections.Where(s => s.Project!.Mode == mode);
        }
        if (modeCategory is not null)
        {
            var modes = Modes.CategoryOf.Where(m => m.Value == modeCategory).Select(m => m.Key).ToList();
            sections = sections.Where(s => modes.Contains(s.Project!.Mode));
        }
        return sections;
    }
}

/// <summary>Query-string rules shared by every figures endpoint, so each says the same thing about a bad period.</summary>
public static class FigureParameters
{
    public static readonly IReadOnlyList<string> Categories = ["road", "rail", "water", "air", "hub", "other"];

    public static readonly IReadOnlyList<string> LagStatuses = ["green", "yellow", "red"];

    /// <summary>A period is required, written yyyy-MM, from 1990 on and not after the current month.</summary>
    public static ReportingMonth? Period(string? text, BureauClock clock, Dictionary<string, Message> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            errors["period"] = new("Give the reporting month as period=yyyy-MM (e.g. 2023-12).", "请指定月份，格式为period=yyyy-MM，例如2023-12。");
            return null;
        }
        if (!ReportingMonth.TryParse(text, out var period) || period.Year < 1990)
        {
            errors["period"] = new("Must be a month written yyyy-MM (e.g. 2023-12), from 1990 on.", "月份格式为yyyy-MM，例如2023-12，且不早于1990年。");
            return null;
        }
        var current = ReportingMonth.Of(clock.Today);
        if (period > current)
        {
            errors["period"] = new($"{period} is in the future; the latest period is {current}.", $"{period}尚未到来：目前最晚可查{current}。");
            return null;
        }
        return period;
    }

    public static void Scope(string? scopeCode, Dictionary<string, Message> errors)
    {
        if (scopeCode is not null && !Scopes.IsKnown(scopeCode))
        {
            errors["scope"] = Messages.OneOf(Scopes.Describe());
        }
    }

    public static void Mode(string? mode, string? modeCategory, Dictionary<string, Message> errors)
    {
        if (mode is not null && !Modes.IsKnown(mode))
        {
            errors["mode"] = Messages.OneOf(Modes.Describe());
        }
        if (modeCategory is not null && !Categories.Contains(modeCategory))
        {
            errors["modeCategory"] = Messages.OneOf(string.Join(", ", Categories));
        }
    }

    public static string? ToCode(LagStatus? status) => status switch
    {
        LagStatus.Green => "green",
        LagStatus.Yellow => "yellow",
        LagStatus.Red => "red",
        _ => null,
    };
}
