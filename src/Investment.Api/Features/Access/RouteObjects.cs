using Investment.Api.Data;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Access;

public enum ObjectKind
{
    Project,
    Section,
    LandIssue,
    FundingLine,
    QuantityTarget,
    Region,
    Job,
    User,
}

/// <summary>The object a request addresses, such as project 12 in <c>/api/v1/projects/12/milestones/start</c>.</summary>
public sealed record ObjectRef(ObjectKind Kind, string Key);

/// <summary>
/// Finds the object a request addresses from its route: the last route value that follows a collection name we know
/// (<c>projects/{id}</c>, <c>sections/{sectionId}</c>, <c>land-issues/{id}</c>…). Every feature names its routes this
/// way, so access control needs no per-endpoint wiring to tell "not yours" (404) from "not allowed" (403).
/// </summary>
public static class RouteObjects
{
    private static readonly Dictionary<string, ObjectKind> Collections = new(StringComparer.Ordinal)
    {
        ["projects"] = ObjectKind.Project,
        ["sections"] = ObjectKind.Section,
        ["land-issues"] = ObjectKind.LandIssue,
        ["funding"] = ObjectKind.FundingLine,
        ["quantity-targets"] = ObjectKind.QuantityTarget,
        ["regions"] = ObjectKind.Region,
        ["jobs"] = ObjectKind.Job,
        ["users"] = ObjectKind.User,
    };

    public static ObjectRef? Locate(HttpContext http)
    {
        if (http.GetEndpoint() is not RouteEndpoint endpoint)
        {
            return null;
        }
        ObjectRef? found = null;
        var segments = endpoint.RoutePattern.PathSegments;
        for (var i = 1; i < segments.Count; i++)
        {
            if (segments[i].Parts is [RoutePatternParameterPart parameter]
                && segments[i - 1].Parts is [RoutePatternLiteralPart literal]
                && Collections.TryGetValue(literal.Content, out var kind)
                && http.Request.RouteValues.TryGetValue(parameter.Name, out var value)
                && value?.ToString() is { Length: > 0 } key)
            {
                found = new ObjectRef(kind, key);
            }
        }
        return found;
    }
}

/// <summary>Whether the caller may see, and may change, the object a request addresses.</summary>
public sealed class ObjectAccess(CallerScope scope, InvestmentDb db)
{
    public async Task<bool> IsVisibleAsync(ObjectRef target, CancellationToken ct)
    {
        var caller = scope.Caller;
        switch (target.Kind)
        {
            case ObjectKind.Region:
                return await scope.Regions.AnyAsync(r => r.Code == target.Key, ct);
            case ObjectKind.Job:
                return Guid.TryParse(target.Key, out var jobId)
                       && (caller.IsAdministrator || await db.Jobs.AnyAsync(j => j.Id == jobId && j.CreatedBy == caller.UserId, ct));
            case ObjectKind.User:
                return caller.IsAdministrator;
        }
        if (!long.TryParse(target.Key, out var id))
        {
            return false;
        }
        var sections = scope.Sections;
        var projects = scope.Projects;
        return target.Kind switch
        {
            ObjectKind.Project => await projects.AnyAsync(p => p.Id == id, ct),
            ObjectKind.Section => await sections.AnyAsync(s => s.Id == id, ct),
            ObjectKind.LandIssue => await db.LandIssues.AnyAsync(i => i.Id == id && sections.Any(s => s.Id == i.SectionId), ct),
            ObjectKind.FundingLine => await db.FundingSources.AnyAsync(f => f.Id == id && projects.Any(p => p.Id == f.ProjectId)
                && (f.SectionId == null || sections.Any(s => s.Id == f.SectionId)), ct),
            ObjectKind.QuantityTarget => await db.QuantityTargets.AnyAsync(t => t.Id == id && projects.Any(p => p.Id == t.ProjectId)
                && (t.SectionId == null || sections.Any(s => s.Id == t.SectionId)), ct),
            _ => false,
        };
    }

    /// <summary>
    /// Project-level facts change only in the project's own region; a section (and what hangs off it: reports, plans,
    /// land issues, lines and targets of that section) changes wherever the section is visible.
    /// </summary>
    public async Task<bool> IsWritableAsync(ObjectRef target, CancellationToken ct)
    {
        if (scope.Caller.IsAdministrator)
        {
            return true;
        }
        if (!long.TryParse(target.Key, out var id))
        {
            return await IsVisibleAsync(target, ct);
        }
        var owned = scope.OwnedProjects;
        var sections = scope.Sections;
        return target.Kind switch
        {
            ObjectKind.Project => await owned.AnyAsync(p => p.Id == id, ct),
            ObjectKind.FundingLine => await db.FundingSources.AnyAsync(f => f.Id == id
                && (owned.Any(p => p.Id == f.ProjectId) || (f.SectionId != null && sections.Any(s => s.Id == f.SectionId))), ct),
            ObjectKind.QuantityTarget => await db.QuantityTargets.AnyAsync(t => t.Id == id
                && (owned.Any(p => p.Id == t.ProjectId) || (t.SectionId != null && sections.Any(s => s.Id == t.SectionId))), ct),
            _ => await IsVisibleAsync(target, ct),
        };
    }
}
