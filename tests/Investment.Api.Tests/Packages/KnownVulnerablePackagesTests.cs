using System.Text.Json;

namespace Investment.Api.Tests.Packages;

/// <summary>
/// NuGet's own vulnerability audit has no data on the build machines, so it passes whatever is resolved. This reads
/// every project's <c>obj/project.assets.json</c> (what restore actually resolved, transitive packages included) and
/// fails on a version inside a listed advisory's affected range. Add an advisory here when one touches a package we
/// resolve; a pin in Directory.Packages.props is the fix.
/// </summary>
public sealed class KnownVulnerablePackagesTests
{
    /// <summary>Affected ranges as the advisory states them: from (inclusive, null = any) to (exclusive).</summary>
    private static readonly Advisory[] Advisories =
    [
        // System.Drawing.Common: remote code execution (CVE-2021-24112); fixed in 4.7.2 and 5.0.3.
        new("GHSA-rxg9-xrhp-64gj", "System.Drawing.Common", null, new Version(4, 7, 2)),
        new("GHSA-rxg9-xrhp-64gj", "System.Drawing.Common", new Version(5, 0, 0), new Version(5, 0, 3)),
        // Newtonsoft.Json: deep nesting exhausts the stack (asked for as 11.0.1 by Hangfire.Core); fixed in 13.0.1.
        new("GHSA-5crp-9r3c-p9vr", "Newtonsoft.Json", null, new Version(13, 0, 1)),
    ];

    [Fact]
    public void No_project_resolves_a_known_vulnerable_package_version()
    {
        var root = RepositoryRoot();
        var assetFiles = Directory.EnumerateFiles(root, "project.assets.json", SearchOption.AllDirectories)
            .Where(f => f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}node_modules{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        // Every project under src/ and tests/ has been restored before this test can run at all.
        var projects = Directory.EnumerateFiles(root, "*.csproj", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}node_modules{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.True(assetFiles.Count >= projects.Count,
            $"expected a project.assets.json per project ({projects.Count}), found {assetFiles.Count}");

        var found = new List<string>();
        foreach (var file in assetFiles)
        {
            foreach (var (name, version) in ResolvedPackages(file))
            {
                foreach (var advisory in Advisories.Where(a => a.Affects(name, version)))
                {
                    found.Add($"{Path.GetRelativePath(root, file)}: {name} {version} ({advisory.Id})");
                }
            }
        }
        Assert.True(found.Count == 0, "known-vulnerable package versions resolved:\n" + string.Join('\n', found.Distinct()));
    }

    [Theory]
    [InlineData("System.Drawing.Common", "4.7.0", true)]
    [InlineData("System.Drawing.Common", "4.5.0", true)]
    [InlineData("System.Drawing.Common", "4.7.3", false)]
    [InlineData("System.Drawing.Common", "5.0.2", true)]
    [InlineData("System.Drawing.Common", "5.0.3", false)]
    [InlineData("system.drawing.common", "4.7.0", true)]
    [InlineData("Newtonsoft.Json", "11.0.1", true)]
    [InlineData("Newtonsoft.Json", "13.0.3", false)]
    public void The_ranges_read_as_the_advisories_state(string name, string version, bool affected) =>
        Assert.Equal(affected, Advisories.Any(a => a.Affects(name, ParseVersion(version))));

    /// <summary>The "targets" section: every package restore resolved for each target framework.</summary>
    private static IEnumerable<(string Name, Version Version)> ResolvedPackages(string assetsFile)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(assetsFile));
        foreach (var target in doc.RootElement.GetProperty("targets").EnumerateObject())
        {
            foreach (var library in target.Value.EnumerateObject())
            {
                if (library.Value.TryGetProperty("type", out var type) && type.GetString() != "package")
                {
                    continue;
                }
                var slash = library.Name.IndexOf('/', StringComparison.Ordinal);
                yield return (library.Name[..slash], ParseVersion(library.Name[(slash + 1)..]));
            }
        }
    }

    private static Version ParseVersion(string text)
    {
        var plain = text.Split('-', '+')[0];
        return Version.Parse(plain.Contains('.', StringComparison.Ordinal) ? plain : plain + ".0");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Investment.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Investment.sln not found above " + AppContext.BaseDirectory);
    }

    private sealed record Advisory(string Id, string Package, Version? From, Version Before)
    {
        public bool Affects(string name, Version version) =>
            string.Equals(name, Package, StringComparison.OrdinalIgnoreCase)
            && (From is null || Normal(version) >= Normal(From))
            && Normal(version) < Normal(Before);

        // 4.7.2 and 4.7.2.0 are one version to NuGet, not to System.Version.
        private static Version Normal(Version v) => new(v.Major, v.Minor, Math.Max(v.Build, 0), Math.Max(v.Revision, 0));
    }
}
