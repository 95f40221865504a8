using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Http;
using Investment.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Reporting;

public static class GetReport
{
    /// <summary>
    /// The section's report for one month with its whole history; a reportable month with no report yet has both
    /// null and an empty history (and no ETag). The ETag is the open revision's if one is open, else the approved one's.
    /// </summary>
    public static async Task<Results<Ok<MonthReportResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        long sectionId, string period, InvestmentDb db, CallerScope scope, BureauClock clock, HttpResponse response,
        CancellationToken ct)
    {
        if (ReportRules.PeriodError(period, clock.Today) is { } periodError)
        {
            return Problems.Field("period", periodError);
        }
        var month = ReportingMonth.Parse(period);
        var section = await ReportQueries.FindSectionAsync(scope, sectionId, ct);
        if (section is null)
        {
            return Problems.NotFound(new($"Section {sectionId}", $"标段{sectionId}"));
        }
        if (ReportRules.ActiveFromError(section, month, clock.Today) is { } activeFromError)
        {
            return Problems.Field("period", activeFromError);
        }
        var (view, etag) = await ReportQueries.MonthAsync(db, section, month, ct);
        if (etag is not null)
        {
            response.Headers.ETag = etag;
        }
        return TypedResults.Ok(view);
    }
}

public static class ListSectionReports
{
    /// <summary>
    /// The months of <paramref name="year"/> (default: this year) in which the section has any report revision, each with
    /// the approved figures (null while nothing is approved) and the open revision's status.
    /// </summary>
    public static async Task<Results<Ok<SectionReportsResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        long sectionId, int? year, InvestmentDb db, CallerScope scope, BureauClock clock, CancellationToken ct)
    {
        if (year is < 1990 or > 2100)
        {
            return Problems.Field("year", Messages.Year1990To2100);
        }
        var section = await ReportQueries.FindSectionAsync(scope, sectionId, ct);
        if (section is null)
        {
            return Problems.NotFound(new($"Section {sectionId}", $"标段{sectionId}"));
        }
        var wanted = year ?? clock.Today.Year;
        var rows = await db.MonthlyReports.AsNoTracking()
            .Where(r => r.SectionId == sectionId && r.Year == wanted)
            .Select(r => new { r.Month, r.Revision, r.Status, r.MonthActual, r.PhysicalProgress })
            .ToListAsync(ct);
        var months = rows.GroupBy(r => r.Month).OrderBy(g => g.Key).Select(g =>
        {
            var approved = g.FirstOrDefault(r => r.Status == ReportStatuses.Approved);
            var open = g.FirstOrDefault(r => ReportStatuses.Open.Contains(r.Status));
            return new ReportMonthSummary(new ReportingMonth(wanted, g.Key).ToString(), approved?.MonthActual,
                approved?.PhysicalProgress, approved?.Revision, open?.Status, open?.Revision, g.Count());
        }).ToList();
        return TypedResults.Ok(new SectionReportsResponse(section.Id, section.ProjectId, section.ProjectCode, wanted, months));
    }
}
