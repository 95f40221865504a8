using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Http;
using Investment.Domain.Figures;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Figures;

public static class GetProjectFigures
{
    /// <summary>A project's figures for a period: the sum over its sections, and each section's own.</summary>
    public static async Task<Results<Ok<ProjectFiguresResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        long id, string? period, CallerScope scope, InvestmentDb db, BureauClock clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, Message>();
        var month = FigureParameters.Period(period, clock, errors);
        if (month is null)
        {
            return Problems.Fields(errors);
        }
        var project = await scope.Projects.AsNoTracking().Where(p => p.Id == id)
            .Select(p => new { p.Id, p.Code, p.Name, p.Mode, p.Status, p.RegionCode }).SingleOrDefaultAsync(ct);
        if (project is null)
        {
            return Problems.NotFound(new($"Project {id}", $"项目{id}"));
        }
        var sections = await FigureQueries.LoadAsync(db, scope.Sections.Where(s => s.ProjectId == id), month.Value, true, ct);
        var thresholds = await FigureQueries.ThresholdsAsync(db, ct);
        var total = InvestmentFigures.ForGroup(sections.Select(s => s.Input).ToList(), month.Value, thresholds);
        var rows = sections.Select(s => new ProjectSectionFigures(s.Section.Id, s.Section.Name, s.Section.RegionCode,
            s.Section.RegionName, FigureSetResponse.From(InvestmentFigures.ForSection(s.Input, month.Value, thresholds)))).ToList();
        var forecast = Forecasts.For(month.Value, total, sections.Select(s => s.Input),
            await Forecasts.RhythmOfAsync(db, project.RegionCode, month.Value, ct));
        return TypedResults.Ok(new ProjectFiguresResponse(project.Id, project.Code, project.Name, project.Mode, project.Status,
            month.Value.ToString(), FigureSetResponse.From(total), rows, ForecastResponse.From(forecast, total.Plan, null)));
    }
}
