using Investment.Api.Data;
using Investment.Domain.Projects;

namespace Investment.Api.Features.Projects;

public sealed record SectionResponse(long Id, string RegionCode, string RegionName, string Name, decimal? ApportionedInvestment, DateOnly ActiveFrom);

public sealed record MilestoneResponse(string Kind, DateOnly? PlannedOn, DateOnly? ActualOn);

public sealed record ProjectClassResponse(int Year, string Class);

/// <summary>A project as the registry shows it. Money in 万元.</summary>
public sealed record ProjectResponse(
    long Id,
    string Code,
    string Name,
    string? RouteCode,
    string Mode,
    string ModeCategory,
    IReadOnlyList<string> Scopes,
    decimal? TotalInvestment,
    decimal? ApportionedTotal,
    decimal? LengthKm,
    string? Owner,
    string RegionCode,
    string RegionName,
    string Status,
    DateTimeOffset? ArchivedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string Version,
    ProjectClassResponse ProjectClass,
    IReadOnlyList<SectionResponse> Sections,
    IReadOnlyList<MilestoneResponse> Milestones)
{
    public static ProjectResponse From(Project p, int classYear, DateOnly asOf) => new(
        p.Id, p.Code, p.Name, p.RouteCode, p.Mode, Modes.CategoryOf.GetValueOrDefault(p.Mode, "other"),
        p.Scopes.Select(s => s.Scope).Order(StringComparer.Ordinal).ToList(),
        p.TotalInvestment,
        p.Sections.Any(s => s.ApportionedInvestment is not null) ? p.Sections.Sum(s => s.ApportionedInvestment ?? 0) : null,
        p.LengthKm, p.Owner, p.RegionCode, p.Region?.Name ?? p.RegionCode, p.Status, p.ArchivedAt, p.CreatedAt, p.UpdatedAt,
        ProjectVersion.Format(p.Version),
        new ProjectClassResponse(classYear, ProjectClasses.ToCode(ClassOf(p.Milestones, classYear, asOf))),
        p.Sections.OrderBy(s => s.RegionCode, StringComparer.Ordinal)
            .Select(s => new SectionResponse(s.Id, s.RegionCode, s.Region?.Name ?? s.RegionCode, s.Name, s.ApportionedInvestment, s.ActiveFrom))
            .ToList(),
        p.Milestones.Select(m => (m, ok: MilestoneKinds.TryParse(m.Kind, out var kind), kind))
            .OrderBy(x => x.kind)
            .Select(x => new MilestoneResponse(x.m.Kind, x.m.PlannedOn, x.m.ActualOn))
            .ToList());

    public static ProjectClass ClassOf(IEnumerable<Milestone> milestones, int year, DateOnly asOf) =>
        ProjectClassRule.Classify(year, milestones
            .Select(m => (Ok: MilestoneKinds.TryParse(m.Kind, out var kind), Kind: kind, m.PlannedOn, m.ActualOn))
            .Where(m => m.Ok)
            .Select(m => new MilestoneDates(m.Kind, m.PlannedOn, m.ActualOn)), asOf);
}

/// <summary>The version clients send back in If-Match: PostgreSQL's row version, quoted as an ETag.</summary>
public static class ProjectVersion
{
    public static string Format(uint version) => $"\"{version.ToString(System.Globalization.CultureInfo.InvariantCulture)}\"";

    /// <summary>True when the client sent no If-Match, or one that matches the current version.</summary>
    public static bool Matches(HttpRequest request, uint current)
    {
        var ifMatch = request.Headers.IfMatch.ToString();
        return ifMatch.Length == 0 || ifMatch == "*" || ifMatch.Split(',').Select(t => t.Trim()).Contains(Format(current));
    }
}
