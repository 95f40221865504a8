namespace Investment.Api.Scheduling;

/// <summary>A Scheduling key holds a value start-up cannot use; the message names the key.</summary>
public sealed class SchedulingConfigurationException(string message) : Exception(message);

/// <summary>
/// Hangfire's cron is the five-field form (minute hour day-of-month month day-of-week; 0 or 7 = Sunday). The Quartz
/// expressions these keys held before (seconds first, '?' for "no value", 1 = Sunday, an optional year) are turned
/// into it when that is exact, and refused naming the key when it is not, rather than run at another time than meant.
/// </summary>
public static class SchedulingCron
{
    public static string ToHangfire(string key, string? value)
    {
        var fields = (value ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        switch (fields.Length)
        {
            case 5:
                if (fields.Any(f => f.Contains('?', StringComparison.Ordinal)))
                {
                    throw Refuse(key, value, "'?' is Quartz's; write '*'");
                }
                return string.Join(' ', fields);
            case 6 or 7:
                if (fields.Length == 7 && fields[6] != "*")
                {
                    throw Refuse(key, value, "a Quartz year field other than '*' has no Hangfire equivalent");
                }
                if (fields[0] != "0")
                {
                    throw Refuse(key, value, "Quartz seconds other than 0 have no place in the five-field form");
                }
                var dayOfWeek = fields[5] == "?" ? "*" : fields[5];
                if (dayOfWeek.Any(char.IsDigit))
                {
                    // Quartz counts 1 = Sunday, Hangfire 0 = Sunday: the same digits would name another day.
                    throw Refuse(key, value, "Quartz numbers days of the week from 1 = Sunday, Hangfire from 0 = Sunday; use names (MON-FRI)");
                }
                var dayOfMonth = fields[3] == "?" ? "*" : fields[3];
                return string.Join(' ', fields[1], fields[2], dayOfMonth, fields[4], dayOfWeek);
            default:
                throw Refuse(key, value, "expected five fields: minute hour day-of-month month day-of-week");
        }
    }

    private static SchedulingConfigurationException Refuse(string key, string? value, string why) =>
        new($"{key}: '{value}' is not a schedule Hangfire can run as meant: {why}. Example: '0 2 6 * *' (02:00 on the 6th).");
}
