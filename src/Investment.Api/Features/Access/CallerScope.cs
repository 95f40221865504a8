using Investment.Api.Data;

namespace Investment.Api.Features.Access;

/// <summary>
/// The one place every read and write finds the objects the caller may see. Today every caller sees everything;
/// access control narrows these queries (by region for planning sections and leaders, by project or section for
/// headquarters) without touching the features, and anything outside them then answers 404.
/// </summary>
public sealed class CallerScope(InvestmentDb db)
{
    public IQueryable<Project> Projects => db.Projects;

    public IQueryable<Section> Sections => db.Sections;

    public IQueryable<Region> Regions => db.Regions;
}
