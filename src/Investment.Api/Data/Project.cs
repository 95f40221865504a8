namespace Investment.Api.Data;

public sealed class Project
{
    public long Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public string? RouteCode { get; set; }
    public required string Mode { get; set; }
    /// <summary>万元.</summary>
    public decimal? TotalInvestment { get; set; }
    public decimal? LengthKm { get; set; }
    public string? Owner { get; set; }
    public required string RegionCode { get; set; }
    public string Status { get; set; } = ProjectStatuses.Active;
    public DateTimeOffset? ArchivedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>PostgreSQL's xmin: changes on every update, used for optimistic concurrency and ETags.</summary>
    public uint Version { get; set; }

    public Region? Region { get; set; }
    public List<ProjectScope> Scopes { get; } = [];
    public List<Section> Sections { get; } = [];
    public List<Milestone> Milestones { get; } = [];
}

public static class ProjectStatuses
{
    public const string Active = "active";
    public const string Archived = "archived";
}

public sealed class ProjectScope
{
    public long ProjectId { get; set; }
    public required string Scope { get; set; }
}

public sealed class Section
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public required string RegionCode { get; set; }
    public required string Name { get; set; }
    /// <summary>This county's share of the project's total investment, 万元.</summary>
    public decimal? ApportionedInvestment { get; set; }
    /// <summary>First day of the first month this section reports for.</summary>
    public DateOnly ActiveFrom { get; set; }

    public Project? Project { get; set; }
    public Region? Region { get; set; }
    public List<AnnualPlan> AnnualPlans { get; } = [];
}

public sealed class Milestone
{
    public long ProjectId { get; set; }
    public required string Kind { get; set; }
    public DateOnly? PlannedOn { get; set; }
    public DateOnly? ActualOn { get; set; }
}

public sealed class AnnualPlan
{
    public long SectionId { get; set; }
    public int Year { get; set; }
    /// <summary>万元.</summary>
    public decimal PlannedInvestment { get; set; }
    /// <summary>Physical progress (0–100, of the whole works) to reach by year end.</summary>
    public decimal? TargetPhysicalProgress { get; set; }
    /// <summary>Twelve monthly amounts adding up to <see cref="PlannedInvestment"/>; null means linear.</summary>
    public decimal[]? MonthlyProfile { get; set; }
}

public sealed class RegionTarget
{
    public required string RegionCode { get; set; }
    public required string Scope { get; set; }
    public int Year { get; set; }
    /// <summary>Assessed annual task, 万元.</summary>
    public decimal Task { get; set; }
    /// <summary>Growth target as a ratio (0.10 = 10%).</summary>
    public decimal? GrowthTarget { get; set; }
}
