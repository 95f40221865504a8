using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Projects;
using Investment.Api.Http;
using Investment.Domain.Figures;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Investment.Api.Features.Figures;

public static class GetRegionFiguresByMode
{
    /// <summary>
    /// A region's figures split by mode category and by mode, each with its share of the total YTD. Every category and
    /// mode is listed, with zeros where nothing was planned or done, so tables keep the same rows every month.
    /// </summary>
    public static async Task<Results<Ok<RegionFiguresByModeResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        string code, string? period, CallerScope scope, InvestmentDb db, BureauClock clock, CancellationToken ct,
        [FromQuery(Name = "scope")] string? scopeCode = null)
    {
        var errors = new Dictionary<string, Message>();
        var month = FigureParameters.Period(period, clock, errors);
        FigureParameters.Scope(scopeCode, errors);
        if (errors.Count > 0)
        {
            return Problems.Fields(errors);
        }
        if (await FigureQueries.RegionAsync(scope, db, code, month!.Value, ct) is not var (regionName, codes))
        {
            return Problems.NotFound(new($"Region '{code}'", $"行政区“{code}”"));
        }

        var sections = await FigureQueries.LoadAsync(db,
            FigureQueries.Filter(scope.Sections.Where(s => codes.Contains(s.RegionCode)), scopeCode, null, null),
            month!.Value, false, ct);
        var thresholds = await FigureQueries.ThresholdsAsync(db, ct);
        var total = InvestmentFigures.ForGroup(sections.Select(s => s.Input).ToList(), month.Value, thresholds);
        var byMode = sections.ToLookup(s => s.Section.Mode, s => s.Input, StringComparer.Ordinal);

        (FigureSetResponse Figures, decimal? Share) Sum(IEnumerable<SectionFigureInput> inputs)
        {
            var figures = InvestmentFigures.ForGroup(inputs.ToList(), month.Value, thresholds);
            return (FigureSetResponse.From(figures, withPhysical: false), InvestmentFigures.ShareOf(figures.YtdActual, total.YtdActual));
        }

        var categories = FigureParameters.Categories.Select(category =>
        {
            var modes = Modes.CategoryOf.Where(m => m.Value == category).Select(m => m.Key).ToList();
            var modeRows = modes.Select(mode =>
            {
                var (figures, share) = Sum(byMode[mode]);
                return new ModeFigures(mode, share, figures);
            }).ToList();
            var (categoryFigures, categoryShare) = Sum(modes.SelectMany(m => byMode[m]));
            return new ModeCategoryFigures(category, categoryShare, categoryFigures, modeRows);
        }).ToList();

        return TypedResults.Ok(new RegionFiguresByModeResponse(code, regionName, month.Value.ToString(), scopeCode,
            FigureSetResponse.From(total, withPhysical: false), categories));
    }
}
