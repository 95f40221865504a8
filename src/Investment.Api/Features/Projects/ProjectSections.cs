using FluentValidation;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Http;
using Investment.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Projects;

public sealed record UpdateSectionRequest(string Name, decimal? ApportionedInvestment, DateOnly? ActiveFrom = null);

public sealed class UpdateSectionValidator : AbstractValidator<UpdateSectionRequest>
{
    public UpdateSectionValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(Limits.SectionNameMax);
        RuleFor(x => x.ApportionedInvestment).Wan();
        RuleFor(x => x.ActiveFrom).Must(d => d is null || d.Value.Day == 1)
            .Says(ProjectRules.FirstDayOfMonth)
            .Must(d => d is null || d.Value.Year is >= 1990 and <= 2100).Says(Messages.Year1990To2100);
    }
}

/// <summary>Sections: the part of a project inside one county, with the share of the total that county counts.</summary>
public static class ProjectSections
{
    public static async Task<Results<Created<SectionResponse>, ValidationProblem, ProblemHttpResult>> Add(
        long id, SectionInput request, InvestmentDb db, CallerScope scope, BureauClock clock, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var project = await ProjectLocks.LockAsync(db, scope, id, ct);
        if (project is null)
        {
            return Problems.NotFound(new($"Project {id}", $"项目{id}"));
        }
        var regionErrors = await CreateProject.UnknownRegionErrorsAsync(scope.Regions, null, [request], ct);
        if (regionErrors.Count > 0)
        {
            return Problems.Field("regionCode", regionErrors.Values.First());
        }
        if (await db.Sections.AnyAsync(s => s.ProjectId == id && s.RegionCode == request.RegionCode, ct))
        {
            return Problems.Conflict(new($"The project already has a section in region {request.RegionCode}.",
                $"该项目在{request.RegionCode}已有标段，每个县（市、区）只能有一个。"));
        }
        if (await ShareErrorAsync(db, project, null, request.ApportionedInvestment, ct) is { } shareError)
        {
            return shareError;
        }
        var section = new Section
        {
            ProjectId = id,
            RegionCode = request.RegionCode,
            Name = CreateProject.Blank(request.Name) ?? project.Name,
            ApportionedInvestment = request.ApportionedInvestment,
            ActiveFrom = request.ActiveFrom ?? CreateProject.FirstOfMonth(clock.Today),
        };
        db.Sections.Add(section);
        await db.SaveChangesAsync(ct);
        await ProjectLocks.TouchAsync(db, id, clock.Now, ct);
        await tx.CommitAsync(ct);
        var regionName = await db.Regions.Where(r => r.Code == section.RegionCode).Select(r => r.Name).SingleAsync(ct);
        return TypedResults.Created($"/api/v1/projects/{id}/sections/{section.Id}",
            new SectionResponse(section.Id, section.RegionCode, regionName, section.Name, section.ApportionedInvestment, section.ActiveFrom));
    }

    public static async Task<Results<Ok<SectionResponse>, ValidationProblem, ProblemHttpResult>> Update(
        long id, long sectionId, UpdateSectionRequest request, InvestmentDb db, CallerScope scope, BureauClock clock,
        CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var project = await ProjectLocks.LockAsync(db, scope, id, ct);
        var section = project is null ? null
            : await db.Sections.Include(s => s.Region).SingleOrDefaultAsync(s => s.Id == sectionId && s.ProjectId == id, ct);
        if (section is null)
        {
            return Problems.NotFound(new($"Section {sectionId} of project {id}", $"项目{id}的标段{sectionId}"));
        }
        if (await ShareErrorAsync(db, project!, sectionId, request.ApportionedInvestment, ct) is { } shareError)
        {
            return shareError;
        }
        if (request.ActiveFrom is { } activeFrom && activeFrom != section.ActiveFrom
            && await db.MonthlyReports.AnyAsync(r => r.SectionId == sectionId
                && (r.Year < activeFrom.Year || (r.Year == activeFrom.Year && r.Month < activeFrom.Month)), ct))
        {
            return Problems.Field("activeFrom", new("The section already has reports for months before this date.",
                "该标段在此日期之前的月份已有月报，起报月份不能晚于这些月份。"));
        }
        section.Name = request.Name.Trim();
        section.ApportionedInvestment = request.ApportionedInvestment;
        section.ActiveFrom = request.ActiveFrom ?? section.ActiveFrom;
        await db.SaveChangesAsync(ct);
        await ProjectLocks.TouchAsync(db, id, clock.Now, ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(new SectionResponse(section.Id, section.RegionCode, section.Region!.Name, section.Name,
            section.ApportionedInvestment, section.ActiveFrom));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        long id, long sectionId, InvestmentDb db, CallerScope scope, BureauClock clock, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var project = await ProjectLocks.LockAsync(db, scope, id, ct);
        if (project is null || !await db.Sections.AnyAsync(s => s.Id == sectionId && s.ProjectId == id, ct))
        {
            return Problems.NotFound(new($"Section {sectionId} of project {id}", $"项目{id}的标段{sectionId}"));
        }
        if (await ProjectFigures.SectionHasFiguresAsync(db, sectionId, ct))
        {
            return Problems.Conflict(new("This section has plans or reports, so it cannot be deleted.", "该标段已有年度计划或月报，不能删除。"));
        }
        if (await db.Sections.CountAsync(s => s.ProjectId == id, ct) == 1)
        {
            return Problems.Conflict(new("A project keeps at least one section.", "项目至少要保留一个标段。"));
        }
        await db.Sections.Where(s => s.Id == sectionId).ExecuteDeleteAsync(ct);
        await ProjectLocks.TouchAsync(db, id, clock.Now, ct);
        await tx.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>A share may use only what the other sections leave of the project's total.</summary>
    private static async Task<ValidationProblem?> ShareErrorAsync(
        InvestmentDb db, Project project, long? exceptSectionId, decimal? share, CancellationToken ct)
    {
        if (share is null || project.TotalInvestment is not { } total)
        {
            return null;
        }
        var others = await db.Sections.Where(s => s.ProjectId == project.Id && s.Id != exceptSectionId)
            .SumAsync(s => s.ApportionedInvestment ?? 0, ct);
        var left = total - others;
        return share > left
            ? Problems.Field("apportionedInvestment", new(
                $"Only {left} 万元 of the project's total {total} 万元 is left for this section (the others share {others} 万元).",
                $"项目总投资{total}万元，其他标段已分摊{others}万元，本标段最多还能分摊{left}万元。"))
            : null;
    }
}
