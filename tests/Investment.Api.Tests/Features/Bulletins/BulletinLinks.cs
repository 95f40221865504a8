using System.Globalization;
using System.Text.Json;

namespace Investment.Api.Tests.Features.Bulletins;

/// <summary>Reads a bulletin figure's <c>path</c> in its source's JSON: "a.b", "items[regionCode=330681].rankByTask", "items.length".</summary>
public static class BulletinLinks
{
    public static decimal Resolve(JsonElement root, string path)
    {
        var current = root;
        foreach (var segment in path.Split('.'))
        {
            if (segment == "length" && current.ValueKind == JsonValueKind.Array)
            {
                return current.GetArrayLength();
            }
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            if (bracket < 0)
            {
                current = current.GetProperty(segment);
                continue;
            }
            var name = segment[..bracket];
            var (field, value) = segment[(bracket + 1)..^1].Split('=') is [var f, var v] ? (f, v) : throw new FormatException(segment);
            current = current.GetProperty(name).EnumerateArray().Single(e => Text(e.GetProperty(field)) == value);
        }
        return current.GetDecimal();
    }

    private static string? Text(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.GetRawText(),
        _ => e.ToString(),
    };

    public static string Describe(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
