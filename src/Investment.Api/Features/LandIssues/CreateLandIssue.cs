using FluentValidation;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Projects;
using Investment.Api.Http;
using Investment.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.LandIssues;

/// <summary>
/// A land issue as the headquarters enter it, for both create and replace. <c>reference</c> is the headquarters' own
/// number for it (unique within the section); blank texts are stored as absent.
/// </summary>
public sealed record LandIssueRequest(
    string? Reference,
    string? Town,
    string Kind,
    [Narrative] string Description,
    DateOnly? IdentifiedOn,
    DateOnly? DueOn,
    string? ResponsibleUnit);

public sealed class LandIssueRequestValidator : AbstractValidator<LandIssueRequest>
{
    public const int ReferenceMax = 32;

    public LandIssueRequestValidator(BureauClock clock)
    {
        RuleFor(x => x.Reference).MaximumLength(ReferenceMax);
        RuleFor(x => x.Town).MaximumLength(Limits.TownMax);
        RuleFor(x => x.Kind).Cascade(CascadeMode.Stop).NotEmpty()
            .Must(LandIssueKinds.IsKnown).Says(Messages.OneOf(LandIssueKinds.Describe()));
        RuleFor(x => x.Description).NotEmpty().MaximumLength(Limits.DescriptionMax);
        RuleFor(x => x.ResponsibleUnit).MaximumLength(Limits.ResponsibleUnitMax);
        RuleFor(x => x.IdentifiedOn).Cascade(CascadeMode.Stop).NotNull().IssueDate(clock);
        RuleFor(x => x.DueOn)
            .Must((x, due) => due is null || x.IdentifiedOn is null || due >= x.IdentifiedOn)
            .Says(new Message("Must not be before identifiedOn.", "限期解决日期不能早于发现日期。"))
            .Must(due => due is null || due.Value.Year <= LandIssueRules.LastYear)
            .Says(new Message($"Must be in {LandIssueRules.LastYear} or earlier.", $"不能晚于{LandIssueRules.LastYear}年。"));
    }
}

public static class LandIssueRules
{
    public static readonly DateOnly Earliest = new(1990, 1, 1);

    public const int LastYear = 2100;

    /// <summary>A day something happened: not before 1990 and not after today (the bureau's calendar).</summary>
    public static IRuleBuilderOptions<T, DateOnly?> IssueDate<T>(this IRuleBuilder<T, DateOnly?> rule, BureauClock clock) =>
        rule.Must(d => d is null || d >= Earliest).Says(NotBefore1990)
            .Must(d => d is null || d <= clock.Today).Says(NotInFuture);

    public static readonly Message NotBefore1990 = new("Must be 1990-01-01 or later.", "日期不能早于1990-01-01。");

    public static readonly Message NotInFuture = new("Must not be in the future.", "日期不能晚于今天。");

    internal static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

public static class CreateLandIssue
{
    public static async Task<Results<Created<LandIssueResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        long sectionId, LandIssueRequest request, InvestmentDb db, CallerScope scope, BureauClock clock,
        HttpResponse response, CancellationToken ct)
    {
        var section = await scope.Sections.Where(s => s.Id == sectionId)
            .Select(s => new { s.Id, ProjectStatus = s.Project!.Status }).SingleOrDefaultAsync(ct);
        if (section is null)
        {
            return Problems.NotFound(new($"Section {sectionId}", $"标段{sectionId}"));
        }
        if (section.ProjectStatus == ProjectStatuses.Archived)
        {
            return LandIssueProblems.Archived();
        }
        var reference = LandIssueRules.Blank(request.Reference);
        if (await LandIssueQueries.ReferenceTakenAsync(db, sectionId, reference, null, ct))
        {
            return Problems.Conflict(LandIssueProblems.DuplicateReference(sectionId, reference));
        }

        var issue = new LandIssue
        {
            SectionId = sectionId,
            Reference = reference,
            Town = LandIssueRules.Blank(request.Town),
            Kind = request.Kind,
            Description = request.Description.Trim(),
            IdentifiedOn = request.IdentifiedOn!.Value,
            DueOn = request.DueOn,
            ResponsibleUnit = LandIssueRules.Blank(request.ResponsibleUnit),
            CreatedAt = clock.Now,
            UpdatedAt = clock.Now,
        };
        db.LandIssues.Add(issue);
        // A concurrent create with the same reference loses on uq_land_issues_reference and is answered 409 by ErrorHandling.
        await db.SaveChangesAsync(ct);

        var created = await LandIssueQueries.LoadAsync(db, scope, issue.Id, ct);
        response.Headers.ETag = ProjectVersion.Format(created!.Version);
        return TypedResults.Created($"/api/v1/land-issues/{issue.Id}", LandIssueResponse.From(created, clock.Today));
    }
}
