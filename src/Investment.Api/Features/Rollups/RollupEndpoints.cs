using FluentValidation;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Jobs;
using Investment.Api.Http;
using Investment.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Investment.Api.Features.Rollups;

/// <summary>Which month to work on, "yyyy-MM".</summary>
public sealed record PeriodRequest(string Period);

public sealed class PeriodRequestValidator : AbstractValidator<PeriodRequest>
{
    public PeriodRequestValidator(BureauClock clock)
    {
        RuleFor(x => x.Period).Cascade(CascadeMode.Stop)
            .NotEmpty()
            .Must(p => ReportingMonth.TryParse(p, out var m) && m.Year is >= 1990 and <= 2100)
            .Says(RollupEndpoints.PeriodError)
            .Must(p => ReportingMonth.Parse(p) <= ReportingMonth.Of(clock.Today))
            .Says(_ => new Message($"Must not be later than the current month ({ReportingMonth.Of(clock.Today)}).",
                $"不能晚于本月（{ReportingMonth.Of(clock.Today)}）。"));
    }
}

public static class RollupEndpoints
{
    public static void MapRollups(this IEndpointRouteBuilder app)
    {
        // Roll-up tables for planning, leadership and administrators; starting work for planning and administrators.
        var rollups = app.MapGroup("/api/v1/rollups").WithTags("Roll-ups");
        rollups.MapPost("/", StartRollup).WithName(nameof(StartRollup)).WithValidation<PeriodRequest>()
            .RequireAuthorization(Policies.RollupRun);
        rollups.MapGet("/", ListRollups.Handle).WithName("ListRollups")
            .RequireAuthorization(Policies.RollupRead);
        rollups.MapGet("/{period}", GetRollup.Handle).WithName("GetRollup")
            .RequireAuthorization(Policies.RollupRead);
        rollups.MapGet("/{period}/findings", ListFindings.Handle).WithName("ListFindings")
            .RequireAuthorization(Policies.RollupRead);

        var reminders = app.MapGroup("/api/v1/reminders").WithTags("Roll-ups");
        reminders.MapPost("/missing-reports", StartMissingReportsReminder).WithName(nameof(StartMissingReportsReminder))
            .WithValidation<PeriodRequest>()
            .RequireAuthorization(Policies.RollupRun);
    }

    /// <summary>Rolls a period up (again): 202 with the job to poll. Rerunning a period replaces its rows.</summary>
    public static Task<Accepted<JobResponse>> StartRollup(PeriodRequest request, JobQueue jobs, CancellationToken ct) =>
        jobs.StartAsync(JobKinds.Rollup, new PeriodParameters(request.Period), ct);

    /// <summary>Lists the sections that still owe the period's report: 202 with the job whose result holds the list.</summary>
    public static Task<Accepted<JobResponse>> StartMissingReportsReminder(PeriodRequest request, JobQueue jobs, CancellationToken ct) =>
        jobs.StartAsync(JobKinds.MissingReportsReminder, new PeriodParameters(request.Period), ct);

    internal static ProblemHttpResult NotRolledUp(ReportingMonth period) => Problems.Problem(
        StatusCodes.Status404NotFound, new("Not rolled up yet", "尚未汇总"),
        new($"Period {period} has not been rolled up yet. POST /api/v1/rollups with {{\"period\": \"{period}\"}} to compute it.",
            $"{period}尚未汇总，请先运行该月的汇总。"));

    internal static bool TryParsePeriod(string period, out ReportingMonth month) =>
        ReportingMonth.TryParse(period, out month) && month.Year is >= 1990 and <= 2100;

    internal static readonly Message PeriodError = new("A month in the form yyyy-MM between 1990-01 and 2100-12, e.g. 2023-12.",
        "月份格式为yyyy-MM，在1990-01到2100-12之间，例如2023-12。");
}
