using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Http;
using Investment.Domain.Figures;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Investment.Api.Features.Figures;

public static class GetRegionFiguresByProject
{
    /// <summary>
    /// The lagging-projects list: one row per project with sections in the region (its figures over those sections),
    /// most behind first; rows without a lag (no plan) last; ties by project code. Optionally only one lag status.
    /// </summary>
    public static async Task<Results<Ok<RegionFiguresByProjectResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        string code, string? period, CallerScope scope, InvestmentDb db, BureauClock clock, CancellationToken ct,
        [FromQuery(Name = "scope")] string? scopeCode = null, string? mode = null, string? modeCategory = null,
        string? lagStatus = null)
    {
        var errors = new Dictionary<string, Message>();
        var month = FigureParameters.Period(period, clock, errors);
        FigureParameters.Scope(scopeCode, errors);
        FigureParameters.Mode(mode, modeCategory, errors);
        if (lagStatus is not null && !FigureParameters.LagStatuses.Contains(lagStatus))
        {
            errors["lagStatus"] = Messages.OneOf(string.Join(", ", FigureParameters.LagStatuses));
        }
        if (errors.Count > 0)
        {
            return Problems.Fields(errors);
        }
        if (await FigureQueries.RegionAsync(scope, db, code, month!.Value, ct) is not var (regionName, codes))
        {
            return Problems.NotFound(new($"Region '{code}'", $"行政区“{code}”"));
        }

        var sections = await FigureQueries.LoadAsync(db,
            FigureQueries.Filter(scope.Sections.Where(s => codes.Contains(s.RegionCode)), scopeCode, mode, modeCategory),
            month!.Value, true, ct);
        var thresholds = await FigureQueries.ThresholdsAsync(db, ct);
        var rows = sections.GroupBy(s => s.Section.ProjectId)
            .Select(g =>
            {
                var p = g.First().Section;
                var figures = InvestmentFigures.ForGroup(g.Select(s => s.Input).ToList(), month.Value, thresholds);
                return new ProjectFiguresRow(p.ProjectId, p.ProjectCode, p.ProjectName, p.Mode, p.ProjectStatus, g.Count(),
                    FigureSetResponse.From(figures));
            })
            .Where(r => lagStatus is null || r.Figures.LagStatus == lagStatus)
            .OrderBy(r => r.Figures.Lag is null)
            .ThenBy(r => r.Figures.Lag)
            .ThenBy(r => r.Code, StringComparer.Ordinal)
            .ToList();
        return TypedResults.Ok(new RegionFiguresByProjectResponse(code, regionName, month.Value.ToString(), scopeCode, lagStatus, rows));
    }
}
