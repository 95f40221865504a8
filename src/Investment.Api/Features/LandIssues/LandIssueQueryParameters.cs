using System.Globalization;

namespace Investment.Api.Features.LandIssues;

/// <summary>Query-string dates are bound as text so a bad one answers 400 naming the parameter, like body fields do.</summary>
internal static class LandIssueQueryParameters
{
    public static DateOnly? Date(string? value, string name, Dictionary<string, string[]> errors)
    {
        if (value is null)
        {
            return null;
        }
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        errors[name] = ["Must be a date as yyyy-MM-dd."];
        return null;
    }
}
