using System.Globalization;
using Investment.Api.Data;

namespace Investment.Api.Tests.Features.LandIssues;

/// <summary>
/// seed-data/land_issues.csv read independently of the loader, so expected counts come from the file, not from the code
/// under test. Only the columns before the quoted `source` column are read, and they hold no commas.
/// </summary>
public sealed record SeedLandIssue(string ProjectCode, string Kind, string? Town, DateOnly IdentifiedOn, DateOnly? DueOn, DateOnly? ResolvedOn)
{
    public static readonly Lazy<IReadOnlyList<SeedLandIssue>> All = new(Read);

    public bool IdentifiedBy(DateOnly asOf) => IdentifiedOn <= asOf;

    public bool ResolvedBy(DateOnly asOf) => ResolvedOn is { } r && r <= asOf;

    public bool OpenOn(DateOnly asOf) => IdentifiedBy(asOf) && !ResolvedBy(asOf);

    public bool OverdueOn(DateOnly asOf) => OpenOn(asOf) && DueOn is { } due && due < asOf;

    private static List<SeedLandIssue> Read()
    {
        var path = Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory)!, "seed-data", "land_issues.csv");
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        var header = lines[0].Split(',');
        int Column(string name) => Array.IndexOf(header, name) is var i and >= 0 ? i : throw new InvalidOperationException(name);
        DateOnly? Date(string s) => s.Length == 0 ? null : DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var (project, kind, town, identified, due, resolved) = (Column("project_code"), Column("kind"), Column("town"),
            Column("identified_on"), Column("due_on"), Column("resolved_on"));
        return lines.Skip(1).Select(l => l.Split(','))
            .Select(f => new SeedLandIssue(f[project], f[kind], f[town].Length == 0 ? null : f[town], Date(f[identified])!.Value,
                Date(f[due]), Date(f[resolved])))
            .ToList();
    }
}
