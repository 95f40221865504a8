using Investment.Api.Features.Access;
using Investment.Api.Features.Regions;
using Investment.Api.Http;
using Investment.Domain.Projects;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Projects;

public sealed record ProjectSummary(
    long Id, string Code, string Name, string? RouteCode, string Mode, IReadOnlyList<string> Scopes,
    decimal? TotalInvestment, string RegionCode, string RegionName, int SectionCount, string Status, string ProjectClass);

public sealed record ProjectPage(IReadOnlyList<ProjectSummary> Items, int Page, int PageSize, int TotalCount, int ClassYear);

public static class ListProjects
{
    public const int MaxPageSize = 200;

    private static readonly Dictionary<string, string> SortFields = new(StringComparer.Ordinal)
    {
        ["code"] = "code", ["name"] = "name", ["totalInvestment"] = "totalInvestment",
        ["createdAt"] = "createdAt", ["mode"] = "mode", ["regionCode"] = "regionCode",
    };

    /// <summary>
    /// Projects filtered by region at any level (any section inside it), mode, scope, status and class in a year;
    /// paged; sorted by a whitelisted field (prefix '-' for descending).
    /// </summary>
    public static async Task<Results<Ok<ProjectPage>, ValidationProblem>> Handle(
        CallerScope scope, BureauClock clock, CancellationToken ct,
        string? regionCode = null, string? mode = null, [FromQuery(Name = "scope")] string? scopeCode = null, string? status = "active",
        int? year = null, [FromQuery(Name = "class")] string? projectClass = null, string? q = null, string? sort = "code", int page = 1, int pageSize = 50)
    {
        var errors = new Dictionary<string, Message>();
        if (mode is not null && !Modes.IsKnown(mode)) errors["mode"] = Messages.OneOf(Modes.Describe());
        if (scopeCode is not null && !Scopes.IsKnown(scopeCode)) errors["scope"] = Messages.OneOf(Scopes.Describe());
        if (status is not ("active" or "archived" or "all")) errors["status"] = new("Must be active, archived or all.", "应为active（在用）、archived（已归档）或all（全部）。");
        if (year is < 1990 or > 2100) errors["year"] = Messages.Year1990To2100;
        ProjectClass? wantedClass = null;
        if (projectClass is not null)
        {
            if (ProjectClasses.TryParse(projectClass, out var parsed)) wantedClass = parsed;
            else errors["class"] = Messages.OneOf("reserve, preliminary, new_start, continuing, completed, in_service");
        }
        var sortField = (sort ?? "code").TrimStart('-');
        if (!SortFields.ContainsKey(sortField)) errors["sort"] = Messages.Sortable(SortFields.Keys);
        if (page < 1) errors["page"] = Messages.PageFrom1;
        if (pageSize is < 1 or > MaxPageSize) errors["pageSize"] = Messages.PageSizeUpTo(MaxPageSize);
        if (q is { Length: > 100 }) errors["q"] = Messages.AtMostCharacters(100);
        if (errors.Count > 0) return Problems.Fields(errors);

        var query = scope.Projects.AsNoTracking();
        if (regionCode is not null)
        {
            var codes = await RegionQueries.SubtreeCodesAsync(scope.Regions, regionCode, ct);
            if (codes.Count == 0) return Problems.Field("regionCode", Messages.UnknownRegion(regionCode));
            query = query.Where(p => p.Sections.Any(s => codes.Contains(s.RegionCode)) || codes.Contains(p.RegionCode));
        }
        if (mode is not null) query = query.Where(p => p.Mode == mode);
        if (scopeCode is not null) query = query.Where(p => p.Scopes.Any(s => s.Scope == scopeCode));
        if (status != "all") query = query.Where(p => p.Status == status);
        if (q is { Length: > 0 })
        {
            var pattern = $"%{q.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal)}%";
            query = query.Where(p => EF.Functions.ILike(p.Name, pattern) || EF.Functions.ILike(p.Code, pattern)
                                     || (p.RouteCode != null && EF.Functions.ILike(p.RouteCode, pattern)));
        }

        var classYear = year ?? clock.Today.Year;
        if (wantedClass is not null)
        {
            // The class is a rule over milestones, evaluated in the domain rather than re-written in SQL.
            var candidates = await query.Select(p => new { p.Id, p.Milestones }).ToListAsync(ct);
            var ids = candidates.Where(c => ProjectResponse.ClassOf(c.Milestones, classYear, clock.Today) == wantedClass)
                .Select(c => c.Id).ToList();
            query = query.Where(p => ids.Contains(p.Id));
        }

        var descending = sort?.StartsWith('-') == true;
        query = (sortField, descending) switch
        {
            ("name", false) => query.OrderBy(p => p.Name).ThenBy(p => p.Id),
            ("name", true) => query.OrderByDescending(p => p.Name).ThenBy(p => p.Id),
            ("totalInvestment", false) => query.OrderBy(p => p.TotalInvestment).ThenBy(p => p.Id),
            ("totalInvestment", true) => query.OrderByDescending(p => p.TotalInvestment).ThenBy(p => p.Id),
            ("createdAt", false) => query.OrderBy(p => p.CreatedAt).ThenBy(p => p.Id),
            ("createdAt", true) => query.OrderByDescending(p => p.CreatedAt).ThenBy(p => p.Id),
            ("mode", false) => query.OrderBy(p => p.Mode).ThenBy(p => p.Code),
            ("mode", true) => query.OrderByDescending(p => p.Mode).ThenBy(p => p.Code),
            ("regionCode", false) => query.OrderBy(p => p.RegionCode).ThenBy(p => p.Code),
            ("regionCode", true) => query.OrderByDescending(p => p.RegionCode).ThenBy(p => p.Code),
            (_, true) => query.OrderByDescending(p => p.Code),
            _ => query.OrderBy(p => p.Code),
        };

        var total = await query.CountAsync(ct);
        var rows = await query.Skip((page - 1) * pageSize).Take(pageSize)
            .Select(p => new
            {
                p.Id, p.Code, p.Name, p.RouteCode, p.Mode, Scopes = p.Scopes.Select(s => s.Scope).ToList(), p.TotalInvestment,
                p.RegionCode, RegionName = p.Region!.Name, SectionCount = p.Sections.Count, p.Status, p.Milestones,
            })
            .AsSplitQuery()
            .ToListAsync(ct);
        var items = rows.Select(r => new ProjectSummary(r.Id, r.Code, r.Name, r.RouteCode, r.Mode,
            r.Scopes.Order(StringComparer.Ordinal).ToList(), r.TotalInvestment, r.RegionCode, r.RegionName, r.SectionCount,
            r.Status, ProjectClasses.ToCode(ProjectResponse.ClassOf(r.Milestones, classYear, clock.Today)))).ToList();
        return TypedResults.Ok(new ProjectPage(items, page, pageSize, total, classYear));
    }
}
