using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Projects;
using Investment.Api.Features.Regions;
using Investment.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Funding;

/// <summary>
/// A project's funding lines and their totals (万元). With <c>Year</c> set, only the lines of that year; lines without a
/// year count only in the unfiltered view.
/// </summary>
public sealed record ProjectFunding(
    long ProjectId, string ProjectCode, string ProjectName, int? Year, IReadOnlyList<FundingLineResponse> Lines, FundingSummary Summary);

/// <summary>
/// The funding lines of every project in a region's subtree, summed (万元) by level, by kind and by level × kind. A line
/// counts in its section's county, else in the county that registered the project. With <c>Year</c> set, only the
/// lines of that year.
/// </summary>
public sealed record RegionFunding(string RegionCode, string RegionName, int? Year, int ProjectCount, int LineCount, FundingSummary Summary);

public static class GetFunding
{
    public static async Task<Results<Ok<FundingLineResponse>, ProblemHttpResult>> Line(
        long fundingId, InvestmentDb db, CallerScope scope, HttpResponse response, CancellationToken ct)
    {
        var line = await FundingQueries.Visible(db, scope).AsNoTracking().Where(v => v.Line.Id == fundingId)
            .Select(v => v.Line).SingleOrDefaultAsync(ct);
        if (line is null)
        {
            return Problems.NotFound(new($"Funding line {fundingId}", $"资金来源{fundingId}"));
        }
        response.Headers.ETag = ProjectVersion.Format(line.Version);
        return TypedResults.Ok(FundingLineResponse.From(line));
    }

    public static async Task<Results<Ok<ProjectFunding>, ValidationProblem, ProblemHttpResult>> ForProject(
        long id, int? year, InvestmentDb db, CallerScope scope, CancellationToken ct)
    {
        if (year is < 1990 or > 2100)
        {
            return Problems.Field("year", Messages.Year1990To2100);
        }
        var project = await scope.Projects.AsNoTracking().Where(p => p.Id == id)
            .Select(p => new { p.Id, p.Code, p.Name }).SingleOrDefaultAsync(ct);
        if (project is null)
        {
            return Problems.NotFound(new($"Project {id}", $"项目{id}"));
        }
        var lines = await FundingQueries.Visible(db, scope).AsNoTracking()
            .Where(v => v.Line.ProjectId == id && (year == null || v.Line.Year == year))
            .Select(v => v.Line).ToListAsync(ct);
        var ordered = lines
            .OrderBy(l => l.Year ?? int.MaxValue)
            .ThenBy(l => FundingVocabulary.LevelOrder(l.Level)).ThenBy(l => FundingVocabulary.KindOrder(l.Kind))
            .ThenBy(l => l.Id)
            .ToList();
        return TypedResults.Ok(new ProjectFunding(project.Id, project.Code, project.Name, year,
            ordered.Select(FundingLineResponse.From).ToList(),
            FundingSummary.Of(ordered.Select(l => (l.Level, l.Kind, l.Committed, l.Received)).ToList())));
    }

    public static async Task<Results<Ok<RegionFunding>, ValidationProblem, ProblemHttpResult>> ForRegion(
        string code, int? year, InvestmentDb db, CallerScope scope, CancellationToken ct)
    {
        if (year is < 1990 or > 2100)
        {
            return Problems.Field("year", Messages.Year1990To2100);
        }
        var region = await scope.Regions.AsNoTracking().Where(r => r.Code == code).Select(r => new { r.Code, r.Name })
            .SingleOrDefaultAsync(ct);
        if (region is null)
        {
            return Problems.NotFound(new($"Region '{code}'", $"行政区“{code}”"));
        }
        var codes = await RegionQueries.SubtreeCodesAsync(scope.Regions, code, ct);
        var lines = await FundingQueries.Visible(db, scope).AsNoTracking()
            .Where(v => codes.Contains(v.RegionCode) && (year == null || v.Line.Year == year))
            .Select(v => new { v.Line.ProjectId, v.Line.Level, v.Line.Kind, v.Line.Committed, v.Line.Received })
            .ToListAsync(ct);
        return TypedResults.Ok(new RegionFunding(region.Code, region.Name, year,
            lines.Select(l => l.ProjectId).Distinct().Count(), lines.Count,
            FundingSummary.Of(lines.Select(l => (l.Level, l.Kind, l.Committed, l.Received)).ToList())));
    }
}
