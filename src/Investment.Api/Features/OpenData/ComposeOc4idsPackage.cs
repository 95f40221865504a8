using System.Globalization;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Exports;
using Investment.Api.Features.Funding;
using Investment.Api.Features.Regions;
using Investment.Domain;
using Investment.Domain.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using V = Investment.Api.Features.OpenData.Oc4idsVocabulary;

namespace Investment.Api.Features.OpenData;

/// <summary>Settings of the open-data exports (<c>OpenData:*</c>).</summary>
public sealed class OpenDataOptions
{
    /// <summary>
    /// The bureau's registered OC4IDS project identifier prefix ("oc4ids-" and six characters, registered with the Open
    /// Contracting Partnership); each project's id is this prefix, a hyphen and the project code.
    /// </summary>
    public string Oc4idsPrefix { get; set; } = "oc4ids-xxxxxx";

    /// <summary>The URI of the licence the published data is under (the package's <c>license</c>); none when empty.</summary>
    public string? License { get; set; }
}

/// <summary>
/// Writes a region's OC4IDS project package as it stood at the end of a year (today, for the current year), from what
/// the caller may see (<see cref="CallerScope"/>): every active project with a section counting in the region, with the
/// figures of those sections only, so a county's package never carries another county's sections. Figures come from
/// approved reports only, like everywhere else.
/// </summary>
public sealed class ComposeOc4idsPackage(CallerScope scope, InvestmentDb db, BureauClock clock, IOptions<OpenDataOptions> options)
{
    private sealed record PackageSection(long Id, long ProjectId, string Name, string RegionCode, string RegionName, decimal? Apportioned);

    private sealed record PackageReport(long SectionId, ReportingMonth Month, decimal MonthActual, decimal? PhysicalProgress, DateTimeOffset UpdatedAt);

    private sealed record PackageFunding(long ProjectId, int? Year, string Level, string Kind, decimal Committed);

    public async Task<Oc4idsPackage> ComposeAsync(Region region, int year, string uri, CancellationToken ct)
    {
        var today = clock.Today;
        var asOf = year < today.Year ? new DateOnly(year, 12, 31) : today;
        var lastMonth = ReportingMonth.Of(asOf);
        var codes = await RegionQueries.CountingInAsync(scope.Regions, db.Regions, region.Code, lastMonth, ct);

        var sections = await scope.Sections.AsNoTracking()
            .Where(s => codes.Contains(s.RegionCode) && s.Project!.Status == ProjectStatuses.Active)
            .OrderBy(s => s.Id)
            .Select(s => new PackageSection(s.Id, s.ProjectId, s.Name, s.RegionCode, s.Region!.Name, s.ApportionedInvestment))
            .ToListAsync(ct);
        var projectIds = sections.Select(s => s.ProjectId).Distinct().ToList();
        var sectionIds = sections.Select(s => s.Id).ToList();

        var projects = await db.Projects.AsNoTracking()
            .Where(p => projectIds.Contains(p.Id))
            .OrderBy(p => p.Code)
            .Select(p => new
            {
                p.Id, p.Code, p.Name, p.RouteCode, p.Mode, p.TotalInvestment, p.LengthKm, p.Owner, p.RegionCode, p.UpdatedAt,
                RegionName = p.Region!.Name, RegionLevel = p.Region.Level, SectionCount = p.Sections.Count,
            })
            .ToListAsync(ct);
        var milestones = (await db.Milestones.AsNoTracking().Where(m => projectIds.Contains(m.ProjectId)).ToListAsync(ct))
            .Where(m => MilestoneKinds.TryParse(m.Kind, out _))
            .ToLookup(m => m.ProjectId, m => new MilestoneDates(Kind(m.Kind), m.PlannedOn, m.ActualOn));
        var plans = (await db.AnnualPlans.AsNoTracking()
                .Where(p => sectionIds.Contains(p.SectionId) && p.Year <= year)
                .Select(p => new { p.SectionId, p.Year, p.PlannedInvestment })
                .ToListAsync(ct))
            .ToLookup(p => p.SectionId);
        var (lastYear, lastMonthNumber) = lastMonth;
        var reports = (await db.MonthlyReports.AsNoTracking()
                .Where(r => r.Status == ReportStatuses.Approved && sectionIds.Contains(r.SectionId)
                            && (r.Year < lastYear || (r.Year == lastYear && r.Month <= lastMonthNumber)))
                .Select(r => new { r.SectionId, r.Year, r.Month, r.MonthActual, r.PhysicalProgress, r.UpdatedAt })
                .ToListAsync(ct))
            .Select(r => new PackageReport(r.SectionId, new ReportingMonth(r.Year, r.Month), r.MonthActual, r.PhysicalProgress, r.UpdatedAt))
            .ToLookup(r => r.SectionId);
        var funding = (await FundingQueries.Visible(db, scope)
                .Where(f => projectIds.Contains(f.Line.ProjectId) && codes.Contains(f.RegionCode) && (f.Line.Year == null || f.Line.Year <= year))
                .Select(f => new PackageFunding(f.Line.ProjectId, f.Line.Year, f.Line.Level, f.Line.Kind, f.Line.Committed))
                .ToListAsync(ct))
            .ToLookup(f => f.ProjectId);

        var items = new List<Oc4idsProject>();
        var lastChange = DateTimeOffset.MinValue;
        foreach (var p in projects)
        {
            var own = sections.Where(s => s.ProjectId == p.Id).ToList();
            var ownReports = own.SelectMany(s => reports[s.Id]).ToList();
            var ownMilestones = milestones[p.Id].ToList();
            lastChange = Max(Max(lastChange, p.UpdatedAt), ownReports.Select(r => r.UpdatedAt).DefaultIfEmpty(DateTimeOffset.MinValue).Max());

            var bureau = new Oc4idsOrganization($"bureau-{p.RegionCode}", V.BureauName(p.RegionName, p.RegionLevel), [V.PublicAuthority]);
            var parties = new List<Oc4idsOrganization> { bureau };
            if (!string.IsNullOrWhiteSpace(p.Owner))
            {
                parties.Add(new Oc4idsOrganization("headquarters", p.Owner, [V.AdministrativeEntity]));
            }
            var fundingBreakdown = FundingBreakdown(funding[p.Id], parties);

            // The project's budget is its total only when the package holds all of its sections; otherwise the
            // apportioned shares of the sections it holds, when every one of them has a share.
            var amount = own.Count == p.SectionCount && p.TotalInvestment is { } total ? total
                : own.All(s => s.Apportioned is not null) ? own.Sum(s => s.Apportioned!.Value) : (decimal?)null;
            var breakdowns = new List<Oc4idsBudgetBreakdowns>();
            if (PlanBreakdown(own.SelectMany(s => plans[s.Id]).Select(x => (x.Year, x.PlannedInvestment))) is { } byYear)
            {
                breakdowns.Add(byYear);
            }
            if (fundingBreakdown is not null)
            {
                breakdowns.Add(fundingBreakdown);
            }
            var budget = amount is null && breakdowns.Count == 0 ? null
                : new Oc4idsBudget(amount is null ? null : "项目总投资", amount is { } a ? Yuan(a) : null, NullIfEmpty(breakdowns));

            var counties = string.Join("、", own.Select(s => s.RegionName).Distinct());
            var description = ExportLabels.Mode(p.Mode) + "项目"
                + (p.RouteCode is { Length: > 0 } route ? $"，路线编号{route}" : "")
                + (p.LengthKm is { } km ? string.Create(CultureInfo.InvariantCulture, $"，全长{Normalize(km)}公里") : "")
                + $"。本数据包括其位于{counties}的标段：{string.Join("、", own.Select(s => s.Name))}。";

            items.Add(new Oc4idsProject(
                Id: $"{options.Value.Oc4idsPrefix}-{p.Code}",
                Updated: Instant(p.UpdatedAt),
                Language: V.Language,
                Identifiers: [new Oc4idsIdentifier(p.Code, "internal")],
                Title: p.Name,
                Description: description,
                Status: V.Status(ProjectClassRule.Classify(year, ownMilestones, asOf)),
                Sector: V.Sector(p.Mode),
                Locations: [.. own.Select(s => new Oc4idsLocation(
                    s.Id.ToString(CultureInfo.InvariantCulture), $"{s.Name}（{s.RegionName}）", new Oc4idsGazetteer(V.GazetteerScheme, [s.RegionCode])))],
                Budget: budget,
                Period: Period(Planned(ownMilestones, MilestoneKind.Start), Earliest(ownMilestones, MilestoneKinds.Completion, planned: true)),
                IdentificationPeriod: Period(null, Effective(ownMilestones, MilestoneKind.Proposal)),
                PreparationPeriod: ownMilestones.Any(m => MilestoneKinds.IsPreliminaryWork(m.Kind))
                    ? Period(ownMilestones.Where(m => MilestoneKinds.IsPreliminaryWork(m.Kind)).Select(m => m.ActualOn ?? m.PlannedOn).Min(),
                        Effective(ownMilestones, MilestoneKind.Start))
                    : null,
                ImplementationPeriod: Period(Effective(ownMilestones, MilestoneKind.Start), Earliest(ownMilestones, MilestoneKinds.Completion, planned: false)),
                CompletionPeriod: Period(
                    Earliest(ownMilestones, [MilestoneKind.HandoverAcceptance, MilestoneKind.Opening], planned: false),
                    Effective(ownMilestones, MilestoneKind.CompletionAcceptance)),
                Parties: parties,
                PublicAuthority: new Oc4idsOrganizationReference(bureau.Id, bureau.Name),
                Milestones: NullIfEmpty(Milestones(ownMilestones, asOf)),
                Metrics: NullIfEmpty(Metrics(own, ownReports))));
        }

        return new Oc4idsPackage(
            Uri: uri,
            PublishedDate: Instant(lastChange == DateTimeOffset.MinValue ? clock.Now : lastChange),
            Version: V.Version,
            Publisher: new Oc4idsPublisher(V.BureauName(region.Name, region.Level)),
            License: string.IsNullOrWhiteSpace(options.Value.License) ? null : options.Value.License,
            Projects: items);
    }

    private Oc4idsBudgetBreakdowns? PlanBreakdown(IEnumerable<(int Year, decimal Planned)> plans)
    {
        var byYear = plans.GroupBy(p => p.Year).OrderBy(g => g.Key)
            .Select(g => new Oc4idsBudgetBreakdown(
                g.Key.ToString(CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"{g.Key}年年度计划投资"),
                Yuan(g.Sum(p => p.Planned)),
                YearPeriod(g.Key),
                null))
            .ToList();
        return byYear.Count == 0 ? null : new Oc4idsBudgetBreakdowns("annualPlans", "按年度：年度计划投资", byYear);
    }

    /// <summary>Committed funds by source level and kind (and year, where a line has one); each source is a funder party.</summary>
    private Oc4idsBudgetBreakdowns? FundingBreakdown(IEnumerable<PackageFunding> lines, List<Oc4idsOrganization> parties)
    {
        var entries = new List<Oc4idsBudgetBreakdown>();
        foreach (var g in lines.GroupBy(f => (f.Level, f.Kind, f.Year))
                     .OrderBy(g => FundingVocabulary.LevelOrder(g.Key.Level)).ThenBy(g => FundingVocabulary.KindOrder(g.Key.Kind))
                     .ThenBy(g => g.Key.Year))
        {
            var (level, kind, year) = g.Key;
            var source = new Oc4idsOrganizationReference($"funder-{level}-{kind}",
                FundingVocabulary.LevelLabel(level) + FundingVocabulary.KindLabel(kind) + "资金");
            if (parties.All(p => p.Id != source.Id))
            {
                parties.Add(new Oc4idsOrganization(source.Id, source.Name, [V.Funder]));
            }
            var suffix = year is { } y ? string.Create(CultureInfo.InvariantCulture, $"-{y}") : "";
            var when = year is { } yy ? string.Create(CultureInfo.InvariantCulture, $"{yy}年") : "";
            entries.Add(new Oc4idsBudgetBreakdown($"{level}-{kind}{suffix}", when + source.Name, Yuan(g.Sum(f => f.Committed)),
                year is { } py ? YearPeriod(py) : null, source));
        }
        return entries.Count == 0 ? null : new Oc4idsBudgetBreakdowns("fundingSources", "按资金来源（级次、类别）：已落实资金", entries);
    }

    /// <summary>
    /// Each milestone as it stood on <paramref name="asOf"/>: met (with the date) when its actual date is on or before it;
    /// else scheduled for its planned date, or not met when that date has passed. One known only from a later actual date
    /// is left out.
    /// </summary>
    private List<Oc4idsMilestone> Milestones(List<MilestoneDates> milestones, DateOnly asOf)
    {
        var list = new List<Oc4idsMilestone>();
        foreach (var m in milestones.OrderBy(m => m.Kind))
        {
            var met = m.ActualOn is { } actual && actual <= asOf;
            if (!met && m.PlannedOn is null)
            {
                continue;
            }
            var (title, type, code) = V.Milestone(m.Kind);
            var status = met ? "met" : m.PlannedOn > asOf ? "scheduled" : "notMet";
            list.Add(new Oc4idsMilestone(MilestoneKinds.ToCode(m.Kind), title, type, code, Date(m.PlannedOn), met ? Date(m.ActualOn) : null, status));
        }
        return list;
    }

    /// <summary>
    /// physicalProgress: each approved month's 形象进度 (percent of the whole works), per section when the package holds
    /// more than one; financialProgress: the actual investment since the start, cumulated to the end of each month.
    /// </summary>
    private List<Oc4idsMetric> Metrics(List<PackageSection> sections, List<PackageReport> reports)
    {
        var metrics = new List<Oc4idsMetric>();
        var several = sections.Count > 1;
        var physical = sections
            .SelectMany(s => reports.Where(r => r.SectionId == s.Id && r.PhysicalProgress is not null).OrderBy(r => r.Month)
                .Select(r => new Oc4idsObservation(
                    several ? string.Create(CultureInfo.InvariantCulture, $"{r.Month}-{s.Id}") : r.Month.ToString(),
                    MonthPeriod(r.Month), null, Normalize(r.PhysicalProgress!.Value), V.Percent,
                    several ? new Dictionary<string, string> { ["location"] = s.Id.ToString(CultureInfo.InvariantCulture), ["section"] = s.Name } : null)))
            .ToList();
        if (physical.Count > 0)
        {
            metrics.Add(new Oc4idsMetric(V.PhysicalProgress, "形象进度",
                "已审核月报所报的形象进度：截至月末完成全部工程的百分比" + (several ? "，按标段（location 为标段的位置编号）。" : "。"), physical));
        }

        var cumulative = 0m;
        var financial = new List<Oc4idsObservation>();
        foreach (var month in reports.GroupBy(r => r.Month).OrderBy(g => g.Key))
        {
            cumulative += month.Sum(r => r.MonthActual);
            financial.Add(new Oc4idsObservation(month.Key.ToString(), MonthPeriod(month.Key), Yuan(cumulative), null, null, null));
        }
        if (financial.Count > 0)
        {
            metrics.Add(new Oc4idsMetric(V.FinancialProgress, "开累完成投资", "已审核月报的完成投资自开工起累计至各月末（元）。", financial));
        }
        return metrics;
    }

    private static MilestoneKind Kind(string code) => MilestoneKinds.TryParse(code, out var kind) ? kind : default;

    private static DateOnly? Planned(List<MilestoneDates> milestones, MilestoneKind kind) =>
        milestones.Where(m => m.Kind == kind).Select(m => m.PlannedOn ?? m.ActualOn).FirstOrDefault();

    private static DateOnly? Effective(List<MilestoneDates> milestones, MilestoneKind kind) =>
        milestones.Where(m => m.Kind == kind).Select(m => m.ActualOn ?? m.PlannedOn).FirstOrDefault();

    /// <summary>The earliest date among <paramref name="kinds"/>: planned first (or actual first) for each.</summary>
    private static DateOnly? Earliest(List<MilestoneDates> milestones, IEnumerable<MilestoneKind> kinds, bool planned) =>
        milestones.Where(m => kinds.Contains(m.Kind)).Select(m => planned ? m.PlannedOn ?? m.ActualOn : m.ActualOn ?? m.PlannedOn).Min();

    private Oc4idsPeriod? Period(DateOnly? start, DateOnly? end) =>
        start is null && end is null ? null : new Oc4idsPeriod(Date(start), Date(end));

    private Oc4idsPeriod YearPeriod(int year) => new(Date(new DateOnly(year, 1, 1)), Date(new DateOnly(year, 12, 31)));

    private Oc4idsPeriod MonthPeriod(ReportingMonth month) => new(Date(month.FirstDay), Date(month.LastDay));

    /// <summary>万元 to yuan, exactly (4 decimals of 万元 are whole yuan), without trailing zeros.</summary>
    public static Oc4idsValue Yuan(decimal wan) => new(Normalize(wan * 10_000m), V.Currency);

    private static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;

    /// <summary>A calendar day as an ISO 8601 date-time: its midnight in the bureau's time zone (the schema wants date-times).</summary>
    private string? Date(DateOnly? day)
    {
        if (day is not { } d)
        {
            return null;
        }
        var midnight = d.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, clock.Zone.GetUtcOffset(midnight)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
    }

    private string Instant(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, clock.Zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static List<T>? NullIfEmpty<T>(List<T> list) => list.Count == 0 ? null : list;
}
