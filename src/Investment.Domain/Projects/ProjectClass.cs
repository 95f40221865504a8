namespace Investment.Domain.Projects;

/// <summary>
/// A project's class in a given year, derived from its milestones by <see cref="ProjectClassRule.Classify"/>.
/// The same project has a different class in different years.
/// </summary>
public enum ProjectClass
{
    /// <summary>储备 — reserve: no preliminary work yet. Code "reserve".</summary>
    Reserve,

    /// <summary>前期 — preliminary: preliminary work under way, not started. Code "preliminary".</summary>
    Preliminary,

    /// <summary>新开工 — new start: construction starts in the year. Code "new_start".</summary>
    NewStart,

    /// <summary>续建 — continuing: started before the year, not completed. Code "continuing".</summary>
    Continuing,

    /// <summary>建成 — completed in the year. Code "completed".</summary>
    Completed,

    /// <summary>已建成 — in service: completed before the year. Code "in_service".</summary>
    InService,
}
