namespace Investment.Api.Data;

public sealed class Region
{
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string Level { get; set; }
    public string? ParentCode { get; set; }
    public Region? Parent { get; set; }

    /// <summary>The first day of the month from which the region is retired; null while it is active.</summary>
    public DateOnly? RetiredFrom { get; set; }

    /// <summary>The region its sections count in from <see cref="RetiredFrom"/> on.</summary>
    public string? SuccessorCode { get; set; }

    public uint Version { get; set; }
    public List<Region> Children { get; } = [];
}

/// <summary>
/// A retired region and one successor along its chain (A retired into B, B later into C: A–B, B–C and A–C), read from
/// regions by a recursive query, so a successor's users reach everything retired into it however long the chain.
/// </summary>
public sealed class RegionLineage
{
    public required string Code { get; init; }
    public required string SuccessorCode { get; init; }
}

public static class RegionLevels
{
    public const string Province = "province";
    public const string City = "city";
    public const string County = "county";
}
