namespace Investment.Api.Features.Projects;

/// <summary>The fixed codes of the registry, as stored in the database and sent in JSON.</summary>
public static class Modes
{
    public static readonly IReadOnlyDictionary<string, string> CategoryOf = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["expressway"] = "road",
        ["trunk_highway"] = "road",
        ["urban_road"] = "road",
        ["rural_road"] = "road",
        ["railway"] = "rail",
        ["urban_rail"] = "rail",
        ["port"] = "water",
        ["waterway"] = "water",
        ["airport"] = "air",
        ["hub"] = "hub",
        ["other"] = "other",
    };

    public static bool IsKnown(string? mode) => mode is not null && CategoryOf.ContainsKey(mode);

    public static string Describe() => string.Join(", ", CategoryOf.Keys);
}

public static class Scopes
{
    public static readonly IReadOnlyList<string> All =
        ["comprehensive", "effective", "key_project", "major_programme", "livelihood"];

    public static bool IsKnown(string? scope) => scope is not null && All.Contains(scope);

    public static string Describe() => string.Join(", ", All);
}
