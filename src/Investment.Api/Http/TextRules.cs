using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Investment.Api.Http;

/// <summary>
/// Which characters the API takes in text. PostgreSQL cannot store U+0000 at all (it answered 500, SQLSTATE 22021),
/// and the other control characters only arrive by accident or on purpose: they break the Excel sheets, the CSV and
/// PDF exports and the screens. Names, codes, references, towns and every query or route value are one line of
/// printable text; a narrative (a description, 完成情况, 存在问题, a reason, a note) is free text kept as written
/// (pasted from anywhere, it may hold tabs, line breaks or a stray control character), NUL alone excepted.
/// </summary>
public static class TextRules
{
    /// <summary>Why <paramref name="text"/> is refused, or null when it is fine.</summary>
    public static Message? Refusal(string text, bool narrative)
    {
        foreach (var c in text)
        {
            if (c == '\0')
            {
                return NulCharacter;
            }
            if (!narrative && (char.IsControl(c) || c is '\u2028' or '\u2029'))
            {
                return OneLine;
            }
        }
        return null;
    }

    public static readonly Message NulCharacter = new("Contains a NUL character (U+0000), which cannot be stored.",
        "含有空字符（U+0000），无法保存。");

    private static readonly Message OneLine = new(
        "Must be one line of text, without line breaks, tabs or other control characters.",
        "只能是一行文字，不能含换行、制表符或其他控制字符。");

    /// <summary>
    /// A System.Text.Json modifier: every string property of a request, and every string in a list property, is
    /// checked once the object is read, so no field of any body can slip past (endpoints added later included).
    /// One line unless the property is marked <see cref="NarrativeAttribute"/>.
    /// </summary>
    public static void CheckStrings(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }
        var texts = typeInfo.Properties
            .Where(p => p.Get is not null && (p.PropertyType == typeof(string) || typeof(IEnumerable<string>).IsAssignableFrom(p.PropertyType)))
            .Select(p => (Property: p, Narrative: IsNarrative(p)))
            .ToList();
        if (texts.Count == 0)
        {
            return;
        }
        var earlier = typeInfo.OnDeserialized;
        typeInfo.OnDeserialized = value =>
        {
            earlier?.Invoke(value);
            foreach (var (property, narrative) in texts)
            {
                switch (property.Get!(value))
                {
                    case string text when Refusal(text, narrative) is { } reason:
                        throw new TextRefusedException(property.Name, reason);
                    case IEnumerable list and not string:
                        var index = 0;
                        foreach (var item in list)
                        {
                            if (item is string text && Refusal(text, narrative) is { } itemReason)
                            {
                                throw new TextRefusedException($"{property.Name}[{index}]", itemReason);
                            }
                            index++;
                        }
                        break;
                }
            }
        };
    }

    private static bool IsNarrative(JsonPropertyInfo property) =>
        property.AttributeProvider?.IsDefined(typeof(NarrativeAttribute), inherit: true) == true
        || property.AssociatedParameter?.AttributeProvider?.IsDefined(typeof(NarrativeAttribute), inherit: true) == true;
}

/// <summary>Free text of several lines (a description, 完成情况, 存在问题, a reason, a note): anything but a NUL.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class NarrativeAttribute : Attribute;

/// <summary>
/// A string of a JSON body broke <see cref="TextRules"/>. <see cref="Field"/> is relative to the object being read;
/// System.Text.Json adds that object's path, and the two together name the field in the 400.
/// </summary>
public sealed class TextRefusedException(string field, Message reason) : JsonException(reason.En)
{
    public string Field { get; } = field;

    public Message Reason { get; } = reason;
}
