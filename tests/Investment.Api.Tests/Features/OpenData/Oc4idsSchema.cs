using NJsonSchema;
using NJsonSchema.References;

namespace Investment.Api.Tests.Features.OpenData;

/// <summary>
/// The OC4IDS 0.9.4 project package schema (JSON Schema draft-04) and codelists, read from the copy beside these tests
/// (oc4ids-0.9.4/, unchanged from the standard's release) without a network: the package schema's $ref to the project
/// schema's published URL resolves to the local file, and any other URL fails the test rather than being fetched.
/// </summary>
public static class Oc4idsSchema
{
    public const string ProjectSchemaUrl = "https://standard.open-contracting.org/infrastructure/schema/0__9__4/project-schema.json";

    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Features", "OpenData", "oc4ids-0.9.4");

    private static readonly Lazy<Task<JsonSchema>> Package = new(LoadAsync);

    public static Task<JsonSchema> PackageAsync() => Package.Value;

    /// <summary>The codes of a codelist (its first column), e.g. "projectStatus".</summary>
    public static HashSet<string> Codelist(string name) =>
        File.ReadAllLines(Path.Combine(Directory, "codelists", name + ".csv")).Skip(1)
            .Where(l => l.Length > 0).Select(l => l.Split(',')[0]).ToHashSet(StringComparer.Ordinal);

    private static async Task<JsonSchema> LoadAsync()
    {
        var path = Path.Combine(Directory, "project-package-schema.json");
        return await JsonSchema.FromJsonAsync(await File.ReadAllTextAsync(path), path, schema => new LocalReferences(schema));
    }

    private sealed class LocalReferences(JsonSchema root) : JsonReferenceResolver(new JsonSchemaAppender(root, new DefaultTypeNameGenerator()))
    {
        public override async Task<IJsonReference> ResolveUrlReferenceAsync(string url, CancellationToken cancellationToken = default) =>
            url == ProjectSchemaUrl
                ? await JsonSchema.FromFileAsync(Path.Combine(Directory, "project-schema.json"), cancellationToken)
                : throw new InvalidOperationException($"The schema refers to {url}, which is not kept locally (no network in tests).");
    }
}
