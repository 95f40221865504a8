using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Api.Features.Projects;
using Investment.Api.Http;
using Investment.Domain.LandIssues;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.LandIssues;

/// <summary>
/// A land issue with the section and project it blocks. <c>status</c> is open until <c>resolvedOn</c> is set;
/// <c>daysOpen</c> runs from identification to resolution, or to today while open; <c>overdue</c> is open with a due date
/// before today. <c>version</c> is the ETag to send back in If-Match.
/// </summary>
public sealed record LandIssueResponse(
    long Id,
    string? Reference,
    long SectionId,
    string SectionName,
    long ProjectId,
    string ProjectCode,
    string ProjectName,
    string RegionCode,
    string RegionName,
    string? Town,
    string Kind,
    string Description,
    DateOnly IdentifiedOn,
    DateOnly? DueOn,
    DateOnly? ResolvedOn,
    string? ResponsibleUnit,
    string? ResolutionNote,
    string Status,
    int DaysOpen,
    bool Overdue,
    string Version)
{
    public static LandIssueResponse From(LandIssueRow r, DateOnly today) => new(
        r.Id, r.Reference, r.SectionId, r.SectionName, r.ProjectId, r.ProjectCode, r.ProjectName, r.RegionCode, r.RegionName,
        r.Town, r.Kind, r.Description, r.IdentifiedOn, r.DueOn, r.ResolvedOn, r.ResponsibleUnit, r.ResolutionNote,
        r.ResolvedOn is null ? LandIssueStatuses.Open : LandIssueStatuses.Resolved,
        LandIssueAge.DaysOpen(r.IdentifiedOn, r.ResolvedOn, today),
        LandIssueAge.IsOverdue(r.DueOn, r.ResolvedOn, today),
        ProjectVersion.Format(r.Version));
}

/// <summary>One issue joined to its section, project and county: the shape lists filter and sort on.</summary>
public sealed class LandIssueRow
{
    public long Id { get; init; }
    public string? Reference { get; init; }
    public long SectionId { get; init; }
    public required string SectionName { get; init; }
    public long ProjectId { get; init; }
    public required string ProjectCode { get; init; }
    public required string ProjectName { get; init; }
    public required string RegionCode { get; init; }
    public required string RegionName { get; init; }
    public string? Town { get; init; }
    public required string Kind { get; init; }
    public required string Description { get; init; }
    public DateOnly IdentifiedOn { get; init; }
    public DateOnly? DueOn { get; init; }
    public DateOnly? ResolvedOn { get; init; }
    public string? ResponsibleUnit { get; init; }
    public string? ResolutionNote { get; init; }
    public uint Version { get; init; }
}

public static class LandIssueQueries
{
    /// <summary>The issues on sections the caller may see; anything else answers 404.</summary>
    public static IQueryable<LandIssue> Visible(InvestmentDb db, CallerScope scope) =>
        scope.Sections.Join(db.LandIssues, s => s.Id, i => i.SectionId, (s, i) => i);

    public static IQueryable<LandIssueRow> Rows(InvestmentDb db, CallerScope scope) =>
        from s in scope.Sections
        join i in db.LandIssues on s.Id equals i.SectionId
        select new LandIssueRow
        {
            Id = i.Id,
            Reference = i.Reference,
            SectionId = s.Id,
            SectionName = s.Name,
            ProjectId = s.ProjectId,
            ProjectCode = s.Project!.Code,
            ProjectName = s.Project.Name,
            RegionCode = s.RegionCode,
            RegionName = s.Region!.Name,
            Town = i.Town,
            Kind = i.Kind,
            Description = i.Description,
            IdentifiedOn = i.IdentifiedOn,
            DueOn = i.DueOn,
            ResolvedOn = i.ResolvedOn,
            ResponsibleUnit = i.ResponsibleUnit,
            ResolutionNote = i.ResolutionNote,
            Version = i.Version,
        };

    public static Task<LandIssueRow?> LoadAsync(InvestmentDb db, CallerScope scope, long id, CancellationToken ct) =>
        Rows(db, scope).AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);

    /// <summary>
    /// Loads the issue for change and holds its row lock until the transaction ends, so two writers that read the same
    /// version are serialised and the second one sees the first one's version (and answers 412 or 409, never overwrites).
    /// </summary>
    public static async Task<LandIssue?> LockAsync(InvestmentDb db, CallerScope scope, long id, CancellationToken ct)
    {
        if (!await Visible(db, scope).AnyAsync(i => i.Id == id, ct))
        {
            return null;
        }
        return await db.LandIssues.FromSql($"select *, xmin from land_issues where id = {id} for update").SingleOrDefaultAsync(ct);
    }

    public static Task<bool> ProjectArchivedAsync(InvestmentDb db, long sectionId, CancellationToken ct) =>
        db.Sections.AnyAsync(s => s.Id == sectionId && s.Project!.Status == ProjectStatuses.Archived, ct);

    public static Task<bool> ReferenceTakenAsync(InvestmentDb db, long sectionId, string? reference, long? exceptId, CancellationToken ct) =>
        reference is null
            ? Task.FromResult(false)
            : db.LandIssues.AnyAsync(i => i.SectionId == sectionId && i.Reference == reference && i.Id != exceptId, ct);
}

public static class LandIssueProblems
{
    public static ProblemHttpResult PreconditionRequired() =>
        Problems.Problem(StatusCodes.Status428PreconditionRequired, Problems.PreconditionRequiredTitle,
            new("Send the issue's current version (its ETag) in If-Match, so a change made by someone else since you read it is not overwritten.",
                "请先刷新，再在If-Match中带上该问题的当前版本号（ETag）后保存，以免覆盖他人的修改。"));

    public static ProblemHttpResult Archived() =>
        Problems.Conflict(new("The project is archived; restore it before changing its land issues.", "项目已归档，请先恢复再修改其征迁问题。"));

    public static Message DuplicateReference(long sectionId, string? reference) =>
        new($"Section {sectionId} already has a land issue with reference '{reference}'.",
            $"标段{sectionId}已有编号为“{reference}”的征迁问题。");
}
