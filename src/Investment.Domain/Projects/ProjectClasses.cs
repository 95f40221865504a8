namespace Investment.Domain.Projects;

/// <summary>Codes for <see cref="ProjectClass"/>.</summary>
/// <remarks>
/// Codes are the snake_case strings stored in the database and used in the API; they are case-sensitive and never
/// change, whatever the enum members are called.
/// </remarks>
public static class ProjectClasses
{
    private static readonly Dictionary<ProjectClass, string> Codes = new()
    {
        [ProjectClass.Reserve] = "reserve",
        [ProjectClass.Preliminary] = "preliminary",
        [ProjectClass.NewStart] = "new_start",
        [ProjectClass.Continuing] = "continuing",
        [ProjectClass.Completed] = "completed",
        [ProjectClass.InService] = "in_service",
    };

    private static readonly Dictionary<string, ProjectClass> ByCode =
        Codes.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>Every project class, in declaration order.</summary>
    public static IReadOnlyList<ProjectClass> All { get; } = Array.AsReadOnly(Enum.GetValues<ProjectClass>());

    /// <summary>The stored code, e.g. <see cref="ProjectClass.NewStart"/> → "new_start".</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="projectClass"/> is not a defined member.</exception>
    public static string ToCode(ProjectClass projectClass) =>
        Codes.TryGetValue(projectClass, out var code)
            ? code
            : throw new ArgumentOutOfRangeException(nameof(projectClass), projectClass, null);

    /// <summary>Reads a stored code; exact, case-sensitive match.</summary>
    /// <param name="code">The code; <c>null</c> gives <c>false</c>.</param>
    /// <param name="projectClass">The class, or <c>default</c> when the code is unknown.</param>
    public static bool TryParse(string? code, out ProjectClass projectClass)
    {
        projectClass = default;
        return code is not null && ByCode.TryGetValue(code, out projectClass);
    }
}
