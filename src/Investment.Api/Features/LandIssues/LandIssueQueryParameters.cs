using System.Globalization;
using Investment.Api.Http;

namespace Investment.Api.Features.LandIssues;

/// <summary>Query-string dates are bound as text so a bad one answers 400 naming the parameter, like body fields do.</summary>
internal static class LandIssueQueryParameters
{
    public static DateOnly? Date(string? value, string name, Dictionary<string, Message> errors)
    {
        if (value is null)
        {
            return null;
        }
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        errors[name] = new("Must be a date as yyyy-MM-dd.", "日期格式为yyyy-MM-dd，例如2023-07-01。");
        return null;
    }
}
