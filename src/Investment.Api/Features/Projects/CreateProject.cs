using FluentValidation;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Http;
using Investment.Domain;
using Investment.Domain.Projects;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Projects;

/// <summary>A county's part of a project. <c>ActiveFrom</c>: the first month it reports for (default: the current month).</summary>
public sealed record SectionInput(string RegionCode, string? Name, decimal? ApportionedInvestment, DateOnly? ActiveFrom = null);

/// <summary>
/// A new project. Without sections it gets one section in its own region holding the whole total investment.
/// Money in 万元 (at most 4 decimals).
/// </summary>
public sealed record CreateProjectRequest(
    string Code,
    string Name,
    string? RouteCode,
    string Mode,
    IReadOnlyList<string>? Scopes,
    decimal? TotalInvestment,
    decimal? LengthKm,
    string? Owner,
    string RegionCode,
    IReadOnlyList<SectionInput>? Sections,
    IReadOnlyList<MilestoneInput>? Milestones);

public sealed class SectionInputValidator : AbstractValidator<SectionInput>
{
    public SectionInputValidator()
    {
        RuleFor(x => x.RegionCode).RegionCode();
        RuleFor(x => x.Name).MaximumLength(Limits.SectionNameMax);
        RuleFor(x => x.ApportionedInvestment).Wan();
        RuleFor(x => x.ActiveFrom).Must(d => d is null || d.Value.Day == 1)
            .Says(ProjectRules.FirstDayOfMonth)
            .Must(d => d is null || d.Value.Year is >= 1990 and <= 2100).Says(Messages.Year1990To2100);
    }
}

public sealed class CreateProjectValidator : AbstractValidator<CreateProjectRequest>
{
    public CreateProjectValidator(BureauClock clock)
    {
        RuleFor(x => x.Code).NotEmpty().MaximumLength(Limits.ProjectCodeMax)
            .Matches("^[A-Za-z0-9][A-Za-z0-9._-]*$")
            .Says(new Message("Letters, digits, '.', '_' and '-' only, starting with a letter or digit.",
                "项目编码只能用字母、数字和“.”“_”“-”，并以字母或数字开头。"));
        RuleFor(x => x.Name).NotEmpty().MaximumLength(Limits.ProjectNameMax);
        RuleFor(x => x.RouteCode).MaximumLength(Limits.RouteCodeMax);
        RuleFor(x => x.Owner).MaximumLength(Limits.OwnerMax);
        RuleFor(x => x.Mode).Mode();
        RuleFor(x => x.Scopes).ScopeList();
        RuleFor(x => x.TotalInvestment).Wan();
        RuleFor(x => x.LengthKm).Kilometres();
        RuleFor(x => x.RegionCode).RegionCode();
        RuleForEach(x => x.Sections).SetValidator(new SectionInputValidator());
        RuleFor(x => x.Sections)
            .Must(s => s is null || s.Select(x => x.RegionCode).Distinct(StringComparer.Ordinal).Count() == s.Count)
            .Says(new Message("A project has at most one section per county.", "一个项目在每个县（市、区）最多一个标段。"))
            .Must(s => s is null || s.Count <= 100).Says(new Message("At most 100 sections.", "最多100个标段。"));
        RuleFor(x => x)
            .Must(x => x.TotalInvestment is null || x.Sections is null
                       || x.Sections.Sum(s => s.ApportionedInvestment ?? 0) <= x.TotalInvestment)
            .OverridePropertyName("sections")
            .Says(x => new Message($"The sections' shares add up to more than the total investment ({x.TotalInvestment} 万元).",
                $"各标段分摊投资之和超过了项目总投资（{x.TotalInvestment}万元）。"));
        RuleForEach(x => x.Milestones).SetValidator(new MilestoneInputValidator(clock));
        RuleFor(x => x.Milestones)
            .Must(m => m is null || m.Select(x => x.Kind).Distinct(StringComparer.Ordinal).Count() == m.Count)
            .Says(new Message("A milestone kind is listed twice.", "同一项目节点重复填写了。"))
            .Must(m => m is null || ProjectRules.OrderViolation(MilestoneDatesOf(m)) is null)
            .Says(x => ProjectRules.Describe(ProjectRules.OrderViolation(MilestoneDatesOf(x.Milestones!))!));
    }

    /// <summary>The milestones of known kinds (an unknown one is refused by its own rule), the last of a kind listed twice.</summary>
    internal static List<MilestoneDates> MilestoneDatesOf(IEnumerable<MilestoneInput> milestones)
    {
        var result = new Dictionary<MilestoneKind, MilestoneDates>();
        foreach (var m in milestones)
        {
            if (MilestoneKinds.TryParse(m.Kind, out var kind))
            {
                result[kind] = new MilestoneDates(kind, m.PlannedOn, m.ActualOn);
            }
        }
        return [.. result.Values];
    }
}

public static class CreateProject
{
    public static async Task<Results<Created<ProjectResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        CreateProjectRequest request, InvestmentDb db, CallerScope scope, BureauClock clock, CancellationToken ct)
    {
        var sections = request.Sections is { Count: > 0 }
            ? request.Sections
            : [new SectionInput(request.RegionCode, request.Name, request.TotalInvestment)];

        var unknownRegions = await UnknownRegionErrorsAsync(scope.Regions, request.RegionCode, sections, ct);
        if (unknownRegions.Count > 0)
        {
            return Problems.Fields(unknownRegions);
        }
        if (await db.Projects.AnyAsync(p => p.Code == request.Code, ct))
        {
            return Problems.Conflict(new($"A project with code '{request.Code}' already exists.", $"项目编码“{request.Code}”已被使用，请换一个编码。"));
        }

        var project = new Project
        {
            Code = request.Code,
            Name = request.Name.Trim(),
            RouteCode = Blank(request.RouteCode),
            Mode = request.Mode,
            TotalInvestment = request.TotalInvestment,
            LengthKm = request.LengthKm,
            Owner = Blank(request.Owner),
            RegionCode = request.RegionCode,
        };
        project.Scopes.AddRange((request.Scopes ?? []).Select(s => new ProjectScope { Scope = s }));
        project.Sections.AddRange(sections.Select(s => new Section
        {
            RegionCode = s.RegionCode,
            Name = Blank(s.Name) ?? request.Name.Trim(),
            ApportionedInvestment = s.ApportionedInvestment,
            ActiveFrom = s.ActiveFrom ?? FirstOfMonth(clock.Today),
        }));
        project.Milestones.AddRange((request.Milestones ?? []).Select(m => new Milestone
        {
            Kind = m.Kind, PlannedOn = m.PlannedOn, ActualOn = m.ActualOn,
        }));
        db.Projects.Add(project);
        // A concurrent create with the same code loses on uq_projects_code and is answered 409 by ErrorHandling.
        await db.SaveChangesAsync(ct);

        var created = await ProjectQueries.LoadAsync(scope.Projects, project.Id, ct);
        return TypedResults.Created($"/api/v1/projects/{project.Id}", ProjectResponse.From(created!, clock.Today.Year, clock.Today));
    }

    /// <summary>Region codes the caller cannot see read as unknown: nobody registers work outside their own regions.</summary>
    internal static async Task<Dictionary<string, Message>> UnknownRegionErrorsAsync(
        IQueryable<Region> regions, string? projectRegion, IReadOnlyList<SectionInput> sections, CancellationToken ct)
    {
        var wanted = sections.Select(s => s.RegionCode).Append(projectRegion).OfType<string>().Distinct().ToList();
        var counties = await regions.AsNoTracking().Where(r => wanted.Contains(r.Code)).ToDictionaryAsync(r => r.Code, ct);
        var errors = new Dictionary<string, Message>();
        if (projectRegion is not null)
        {
            if (!counties.TryGetValue(projectRegion, out var region))
            {
                errors["regionCode"] = Messages.UnknownRegion(projectRegion);
            }
            else if (RetiredError(region) is { } retired)
            {
                errors["regionCode"] = retired;
            }
        }
        for (var i = 0; i < sections.Count; i++)
        {
            if (!counties.TryGetValue(sections[i].RegionCode, out var region))
            {
                errors[$"sections[{i}].regionCode"] = Messages.UnknownRegion(sections[i].RegionCode);
            }
            else if (RetiredError(region) is { } retired)
            {
                errors[$"sections[{i}].regionCode"] = retired;
            }
            else if (region.Level != RegionLevels.County)
            {
                errors[$"sections[{i}].regionCode"] = new("A section lies in a county-level region, not a city or province.",
                    "标段应在县级行政区（县、县级市、区），不能是地级市或省。");
            }
        }
        return errors;
    }

    /// <summary>New work goes into a retired region's successor, where its figures would count anyway.</summary>
    internal static Message? RetiredError(Region region) => region.RetiredFrom is { } from
        ? new($"Region {region.Code} is retired from {ReportingMonth.Of(from)}; register new work in its successor {region.SuccessorCode}.",
            $"行政区{region.Code}已于{ReportingMonth.Of(from)}撤销，新的项目和标段请登记在承继行政区{region.SuccessorCode}。")
        : null;

    internal static DateOnly FirstOfMonth(DateOnly day) => new(day.Year, day.Month, 1);

    internal static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

public static class ProjectQueries
{
    public static Task<Project?> LoadAsync(IQueryable<Project> projects, long id, CancellationToken ct) =>
        projects.AsNoTracking()
            .Include(p => p.Region)
            .Include(p => p.Scopes)
            .Include(p => p.Sections).ThenInclude(s => s.Region)
            .Include(p => p.Milestones)
            .AsSplitQuery()
            .FirstOrDefaultAsync(p => p.Id == id, ct);
}
