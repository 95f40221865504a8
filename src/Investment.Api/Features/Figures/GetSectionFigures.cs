using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Http;
using Investment.Domain.Figures;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Investment.Api.Features.Figures;

public static class GetSectionFigures
{
    /// <summary>A section's figures for a period: month, YTD, since start, plan, rates, lag and physical progress.</summary>
    public static async Task<Results<Ok<SectionFiguresResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        long id, string? period, CallerScope scope, InvestmentDb db, BureauClock clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, Message>();
        var month = FigureParameters.Period(period, clock, errors);
        if (month is null)
        {
            return Problems.Fields(errors);
        }
        var loaded = await FigureQueries.LoadAsync(db, scope.Sections.Where(s => s.Id == id), month.Value, true, ct);
        if (loaded is not [var section])
        {
            return Problems.NotFound(new($"Section {id}", $"标段{id}"));
        }
        var figures = InvestmentFigures.ForSection(section.Input, month.Value, await FigureQueries.ThresholdsAsync(db, ct));
        var s = section.Section;
        var forecast = Forecasts.For(month.Value, figures, [section.Input], await Forecasts.RhythmOfAsync(db, s.RegionCode, month.Value, ct));
        return TypedResults.Ok(new SectionFiguresResponse(s.Id, s.Name, s.RegionCode, s.RegionName, s.ProjectId, s.ProjectCode,
            s.ProjectName, month.Value.ToString(), FigureSetResponse.From(figures), ForecastResponse.From(forecast, figures.Plan, null)));
    }
}
