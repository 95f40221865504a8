namespace Investment.Api.Data;

public sealed class Region
{
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string Level { get; set; }
    public string? ParentCode { get; set; }
    public Region? Parent { get; set; }
    public List<Region> Children { get; } = [];
}

public static class RegionLevels
{
    public const string Province = "province";
    public const string City = "city";
    public const string County = "county";
}
