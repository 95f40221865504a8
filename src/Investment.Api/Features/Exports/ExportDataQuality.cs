using Investment.Api.Features.Jobs;
using Investment.Api.Features.Regions;
using Investment.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Exports;

public static class ExportDataQuality
{
    public const string Kind = "data-quality";

    /// <summary>The data-quality findings recorded with a period's roll-up, optionally of one region and everything below it.</summary>
    public static Task<Results<FileStreamHttpResult, ValidationProblem, ProblemHttpResult>> Handle(
        HttpContext http, Exporter exporter, CancellationToken ct, string? period = null, string? regionCode = null) =>
        exporter.SendAsync(http, Kind, new ExportQuery(regionCode, period), ct);

    /// <summary>The same list written by a job: 202 with the job to poll; its result links the file.</summary>
    public static Task<Results<Accepted<JobResponse>, ValidationProblem, ProblemHttpResult>> Start(
        Exporter exporter, CancellationToken ct, string? period = null, string? regionCode = null) =>
        exporter.StartAsync(Kind, new ExportQuery(regionCode, period), ct);

    internal static async Task<ExportCheck> PrepareAsync(ExportQuery query, ExportSources sources, CancellationToken ct)
    {
        var (scope, db, clock) = sources;
        var errors = new Dictionary<string, Message>();
        var month = ExportRequests.Period(query.Period, clock.Today, errors);
        var region = query.RegionCode is null ? null : await ExportRequests.RegionAsync(scope.Regions, query.RegionCode, errors, ct);
        if (errors.Count > 0)
        {
            return ExportCheck.Invalid(errors);
        }
        var (year, m) = month!.Value;
        if (!await db.RollupRuns.AnyAsync(r => r.Year == year && r.Month == m, ct))
        {
            return ExportRequests.NotRolledUp(month.Value);
        }

        var findings = db.DataQualityFindings.AsNoTracking().Where(f => f.Year == year && f.Month == m);
        if (region is not null)
        {
            var codes = await RegionQueries.SubtreeCodesAsync(scope.Regions, region.Code, ct);
            findings = findings.Where(f => f.RegionCode != null && codes.Contains(f.RegionCode));
        }
        else
        {
            // Findings of regions the caller cannot see stay hidden; those tied to no region are for everyone.
            findings = findings.Where(f => f.RegionCode == null || scope.Regions.Any(r => r.Code == f.RegionCode));
        }

        // Every visible region: the bureau of the caller's topmost one issues the list.
        var issuerRegion = region?.Name ?? await scope.Regions
            .Where(r => r.ParentCode == null || !scope.Regions.Any(p => p.Code == r.ParentCode))
            .OrderBy(r => r.Code).Select(r => r.Name).FirstOrDefaultAsync(ct);
        var heading = new DataQualityHeading(region?.Name, month.Value, issuerRegion is null ? null : sources.IssuedBy(issuerRegion));
        var suffix = region is null ? "" : "-" + region.Code;
        return ExportCheck.Ready(new PreparedExport(
            $"data-quality-{month.Value}{suffix}.xlsx",
            XlsxAttachment.DisplayName(DataQualitySheet.Title(heading)),
            async (stream, _, token) =>
            {
                var rows = await (
                        from f in findings
                        join r in scope.Regions on f.RegionCode equals r.Code into fr
                        from r in fr.DefaultIfEmpty()
                        join s in scope.Sections on f.SectionId equals (long?)s.Id into fs
                        from s in fs.DefaultIfEmpty()
                        join p in scope.Projects on f.ProjectId ?? (s == null ? null : (long?)s.ProjectId) equals (long?)p.Id into fp
                        from p in fp.DefaultIfEmpty()
                        orderby f.Kind, f.RegionCode, f.Id
                        select new DataQualityRow(f.Kind, r == null ? null : r.Name, p == null ? null : p.Name, s == null ? null : s.Name,
                            f.Message, f.MessageZh))
                    .ToListAsync(token);
                return DataQualitySheet.Write(stream, heading, rows);
            },
            findings.CountAsync));
    }
}
