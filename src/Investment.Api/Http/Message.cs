using System.Globalization;
using FluentValidation;

namespace Investment.Api.Http;

/// <summary>
/// A message the API writes, in English and Simplified Chinese, written once where it is raised. The request's UI
/// culture (Accept-Language, see <see cref="Languages"/>) picks the text when it is written out, so problem helpers take
/// a <see cref="Message"/> rather than a string and an untranslated message does not compile.
/// </summary>
public readonly record struct Message(string En, string Zh)
{
    /// <summary>The text for the current request: Chinese when its UI culture is Chinese, English otherwise.</summary>
    public string Text => Languages.IsChinese(CultureInfo.CurrentUICulture) ? Zh : En;

    public override string ToString() => Text;

    /// <summary>
    /// Both texts in one string, for a message written where no request chooses the language (a job's error); the
    /// request that reads it picks with <see cref="FromStored"/>.
    /// </summary>
    public string Stored => $"{En}{StoredSeparator}{Zh}";

    /// <summary>A stored message; text stored before it had two languages reads as itself in both.</summary>
    public static Message? FromStored(string? stored) =>
        stored is null ? null
        : stored.IndexOf(StoredSeparator, StringComparison.Ordinal) is var at and >= 0 ? new(stored[..at], stored[(at + 1)..])
        : new(stored, stored);

    private const char StoredSeparator = '\u001F';
}

/// <summary>Custom FluentValidation messages as <see cref="Message"/>s, picked when the rule fails (so in the request's language).</summary>
public static class MessageRules
{
    public static IRuleBuilderOptions<T, TProperty> Says<T, TProperty>(this IRuleBuilderOptions<T, TProperty> rule, Message message) =>
        rule.WithMessage(_ => message.Text);

    public static IRuleBuilderOptions<T, TProperty> Says<T, TProperty>(this IRuleBuilderOptions<T, TProperty> rule, Func<T, Message> message) =>
        rule.WithMessage(x => message(x).Text);

    public static IRuleBuilderOptions<T, TProperty> Says<T, TProperty>(
        this IRuleBuilderOptions<T, TProperty> rule, Func<T, TProperty, Message> message) =>
        rule.WithMessage((x, value) => message(x, value).Text);
}

/// <summary>The few messages many endpoints raise the same way (query parameters, ranges, codes), written once.</summary>
public static class Messages
{
    public static Message OneOf(string choices) => new($"Must be one of: {choices}.", $"应为以下取值之一：{choices}。");

    public static Message UnknownRegion(string? code) =>
        new($"Unknown region code '{code}'.", $"没有行政区划代码“{code}”，或不在您的权限范围内。");

    public static readonly Message Year1990To2100 = new("Must be between 1990 and 2100.", "年份应在1990到2100之间。");

    public static readonly Message PageFrom1 = new("Must be 1 or more.", "页码从1开始。");

    public static Message PageSizeUpTo(int max) => new($"Must be between 1 and {max}.", $"每页条数应在1到{max}之间。");

    public static Message AtMostCharacters(int max) => new($"At most {max} characters.", $"最多{max}个字。");

    public static Message Sortable(IEnumerable<string> fields) =>
        new($"Sortable fields: {string.Join(", ", fields)} (prefix '-' for descending).",
            $"可排序字段：{string.Join(", ", fields)}（前加“-”为降序）。");

    public static readonly Message NotNegative = new("Must not be negative.", "不能为负数。");

    public static Message AtMostDecimals(int places) => new($"At most {places} decimal places.", $"最多{places}位小数。");
}
