using Investment.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Features.Access;

/// <summary>
/// The one place every read and write finds the objects the caller may see, narrowed inside the SQL so anything
/// outside answers 404: administrators and the system see everything; planning sections and leaders see their regions
/// and everything below them (a city its counties); headquarters see their projects and sections. Scopes are read
/// from user_scopes on every query, so a change an administrator makes applies at once.
/// </summary>
public sealed class CallerScope(InvestmentDb db, CallerContext context)
{
    public Caller Caller => context.Current;

    public IQueryable<Region> Regions => Caller switch
    {
        { IsAdministrator: true } => db.Regions,
        { Role: Roles.Planning or Roles.Leadership, UserId: { } id } => Below(ScopeRegionCodes(id)),
        { Role: Roles.Headquarters } => HeadquartersRegions(),
        _ => db.Regions.Where(r => false),
    };

    public IQueryable<Section> Sections => Caller switch
    {
        { IsAdministrator: true } => db.Sections,
        { Role: Roles.Planning or Roles.Leadership } => InRegions(),
        { Role: Roles.Headquarters, UserId: { } id } => db.Sections.Where(s =>
            db.UserScopes.Any(u => u.UserId == id && (u.SectionId == s.Id || u.ProjectId == s.ProjectId))),
        _ => db.Sections.Where(s => false),
    };

    /// <summary>Projects registered in the caller's regions or with a section there; headquarters' own projects.</summary>
    public IQueryable<Project> Projects
    {
        get
        {
            if (Caller.IsAdministrator)
            {
                return db.Projects;
            }
            var sections = Sections;
            return Caller.Role is Roles.Planning or Roles.Leadership
                ? db.Projects.Where(p => RegionCodes.Contains(p.RegionCode) || sections.Any(s => s.ProjectId == p.Id))
                : db.Projects.Where(p => sections.Any(s => s.ProjectId == p.Id));
        }
    }

    /// <summary>
    /// Projects whose project-level facts (name, total, milestones, funding, targets) the caller may change: those
    /// registered in their regions. A cross-county project's other counties only change their own sections.
    /// </summary>
    public IQueryable<Project> OwnedProjects => Caller switch
    {
        { IsAdministrator: true } => db.Projects,
        { Role: Roles.Planning } => db.Projects.Where(p => RegionCodes.Contains(p.RegionCode)),
        _ => db.Projects.Where(p => false),
    };

    /// <summary>
    /// The regions whose roll-ups and ranking tables the caller may read: their own, and for a county the other
    /// counties of its city, because counties are ranked against each other (project details stay out of reach).
    /// </summary>
    public IQueryable<Region> RankingRegions
    {
        get
        {
            if (Caller.IsAdministrator)
            {
                return db.Regions;
            }
            if (Caller is not { Role: Roles.Planning or Roles.Leadership, UserId: { } id })
            {
                return db.Regions.Where(r => false);
            }
            var own = ScopeRegionCodes(id);
            var cities = db.Regions.Where(r => own.Contains(r.Code) && r.Level == RegionLevels.County).Select(r => r.ParentCode!);
            var visible = RegionCodes;
            return db.Regions.Where(r => visible.Contains(r.Code) || cities.Contains(r.Code) || cities.Contains(r.ParentCode!));
        }
    }

    /// <summary>
    /// The regions whose roll-up rows the caller may read: a row of the whole scope (mode category and mode both
    /// <c>all</c>) in <see cref="RankingRegions"/>, so a county still sees its city's ranking; a row broken down by mode
    /// only in the caller's own <see cref="Regions"/>, because another county's rail or waterway row is often one project,
    /// whose figures that county's callers may not read. Outside, a region reads as unknown.
    /// </summary>
    /// <param name="byMode">Whether the rows are broken down by mode category or mode (see <see cref="RollupRow.IsByMode"/>).</param>
    public IQueryable<Region> RollupRegions(bool byMode) => byMode ? Regions : RankingRegions;

    private IQueryable<string> RegionCodes => Regions.Select(r => r.Code);

    private IQueryable<Section> InRegions()
    {
        var codes = RegionCodes;
        return db.Sections.Where(s => codes.Contains(s.RegionCode));
    }

    private IQueryable<string> ScopeRegionCodes(string userId) =>
        db.UserScopes.Where(u => u.UserId == userId && u.RegionCode != null).Select(u => u.RegionCode!);

    /// <summary>
    /// The roots and everything below them, and every region retired into one of those (along the whole chain): a
    /// successor's users take over the retired region's sections, whose figures now count with theirs, and its history.
    /// </summary>
    private IQueryable<Region> Below(IQueryable<string> roots)
    {
        var below = db.Regions.Where(r => roots.Contains(r.Code) || roots.Contains(r.ParentCode!) || roots.Contains(r.Parent!.ParentCode!))
            .Select(r => r.Code);
        var retiredInto = db.RegionLineages.Where(l => below.Contains(l.SuccessorCode)).Select(l => l.Code);
        return db.Regions.Where(r => below.Contains(r.Code) || retiredInto.Contains(r.Code));
    }

    private IQueryable<Region> HeadquartersRegions()
    {
        var sections = Sections;
        return db.Regions.Where(r => sections.Any(s => s.RegionCode == r.Code));
    }
}
