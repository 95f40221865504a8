using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Figures;
using Investment.Api.Features.Jobs;
using Investment.Api.Features.Regions;
using Investment.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Exports;

public static class ExportProjectDetail
{
    public const string Kind = "project-detail";

    /// <summary>
    /// One row per section of a region (and everything below it) for a period: plan, the month's and the year-to-date
    /// approved figures, completion, physical progress, narrative and problems. Read live from the approved reports,
    /// so it needs no roll-up; streamed from the database reader into the sheet.
    /// </summary>
    public static Task<Results<FileStreamHttpResult, ValidationProblem, ProblemHttpResult>> Handle(
        HttpContext http, Exporter exporter, CancellationToken ct,
        string? regionCode = null, string? period = null, [FromQuery(Name = "scope")] string? scopeCode = null) =>
        exporter.SendAsync(http, Kind, new ExportQuery(regionCode, period, scopeCode), ct);

    /// <summary>The same sheet written by a job: 202 with the job to poll; its result links the file.</summary>
    public static Task<Results<Accepted<JobResponse>, ValidationProblem, ProblemHttpResult>> Start(
        Exporter exporter, CancellationToken ct,
        string? regionCode = null, string? period = null, [FromQuery(Name = "scope")] string? scopeCode = null) =>
        exporter.StartAsync(Kind, new ExportQuery(regionCode, period, scopeCode), ct);

    internal static async Task<ExportCheck> PrepareAsync(ExportQuery query, ExportSources sources, CancellationToken ct)
    {
        var (scope, db, clock) = sources;
        var errors = new Dictionary<string, Message>();
        var month = ExportRequests.Period(query.Period, clock.Today, errors);
        var scopeValue = ExportRequests.Scope(query.Scope, errors);
        var region = await ExportRequests.RegionAsync(scope.Regions, query.RegionCode, errors, ct);
        if (errors.Count > 0)
        {
            return ExportCheck.Invalid(errors);
        }

        // The sections counted in the region's figures of the month: a retired region's are its successor's.
        var codes = await RegionQueries.CountingInAsync(scope.Regions, db.Regions, region!.Code, month!.Value, ct);
        var heading = new ProjectDetailHeading(region.Name, month!.Value, scopeValue, sources.IssuedBy(region.Name))
        {
            Thresholds = await FigureQueries.ThresholdsAsync(db, ct),
        };
        return ExportCheck.Ready(new PreparedExport(
            $"project-detail-{region.Code}-{month.Value}-{scopeValue}.xlsx",
            XlsxAttachment.DisplayName(ProjectDetailSheet.Title(heading)),
            (stream, progress, token) => ProjectDetailSheet.WriteAsync(stream, heading,
                progress.Track(Query(scope, db, codes, month.Value, scopeValue).AsAsyncEnumerable(), token), token),
            // One row per section: counting the sections is counting the rows, without the joins.
            token => Sections(scope, db, codes, month.Value, scopeValue).CountAsync(token)));
    }

    /// <summary>
    /// Sections of the regions that report in the period or have figures for its year, with their plan (and its
    /// profile), the month's approved report, and the sums of the approved reports of January to the month this year
    /// and last year. One statement: the sums are correlated per section, each an index range on the approved reports
    /// (uq_monthly_reports_approved), rather than a grouped join over every approved report of the year, which hashed a
    /// whole nation's reports before the first row of a province (1.2–1.7 s against 0.15–0.2 s, README, benchmarks).
    /// </summary>
    internal static IQueryable<ProjectDetailRow> Query(CallerScope scope, InvestmentDb db, List<string> regionCodes,
        Domain.ReportingMonth period, string scopeCode)
    {
        var (year, month) = period;
        var approved = Approved(db, period);
        var lastYear = Approved(db, new Domain.ReportingMonth(year - 1, month));
        var ofMonth = approved.Where(r => r.Month == month);
        var plans = db.AnnualPlans.Where(p => p.Year == year);
        var sections = Sections(scope, db, regionCodes, period, scopeCode);

        return
            from s in sections
            join p in plans on s.Id equals p.SectionId into sp
            from p in sp.DefaultIfEmpty()
            join r in ofMonth on s.Id equals r.SectionId into sr
            from r in sr.DefaultIfEmpty()
            orderby s.RegionCode, s.Project!.Code, s.Name, s.Id
            select new ProjectDetailRow(
                s.Region!.Name, s.Project!.Code, s.Project!.Name, s.Project!.Mode, s.Name,
                p == null ? null : p.PlannedInvestment,
                r == null ? null : r.MonthActual,
                approved.Where(a => a.SectionId == s.Id).Sum(a => (decimal?)a.MonthActual),
                r == null ? null : r.PhysicalProgress,
                r == null ? null : r.Narrative,
                r == null ? null : r.Problems,
                lastYear.Where(a => a.SectionId == s.Id).Sum(a => (decimal?)a.MonthActual),
                p == null ? null : p.MonthlyProfile);
    }

    /// <summary>
    /// The sections the sheet lists: in the regions and scope, and either active by the period's end or with a plan or
    /// approved figures in its year (archived projects still show for a year they count in).
    /// </summary>
    private static IQueryable<Section> Sections(CallerScope scope, InvestmentDb db, List<string> regionCodes,
        Domain.ReportingMonth period, string scopeCode)
    {
        var lastDay = period.LastDay;
        var approved = Approved(db, period);
        var plans = db.AnnualPlans.Where(p => p.Year == period.Year);
        var sections = scope.Sections.Where(s => regionCodes.Contains(s.RegionCode));
        if (scopeCode != RollupRow.All)
        {
            sections = sections.Where(s => s.Project!.Scopes.Any(ps => ps.Scope == scopeCode));
        }
        return sections.Where(s => (s.Project!.Status == ProjectStatuses.Active && s.ActiveFrom <= lastDay)
                                   || plans.Any(p => p.SectionId == s.Id) || approved.Any(r => r.SectionId == s.Id));
    }

    private static IQueryable<MonthlyReport> Approved(InvestmentDb db, Domain.ReportingMonth period) =>
        db.MonthlyReports.Where(r => r.Year == period.Year && r.Month <= period.Month && r.Status == ReportStatuses.Approved);
}
