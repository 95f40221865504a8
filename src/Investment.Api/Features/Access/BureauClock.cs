using Investment.Domain;
using Investment.Domain.Reporting;

namespace Investment.Api.Features.Access;

/// <summary>Turns "now" into the bureau's calendar date once, at the edge; the domain rules only ever see dates.</summary>
public sealed class BureauClock(TimeProvider time, IConfiguration configuration)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(configuration["Bureau:TimeZone"] ?? "Asia/Shanghai");

    public DateOnly Today => DayOf(time.GetUtcNow());

    /// <summary>The bureau's time zone (<c>Bureau:TimeZone</c>): its calendar, and the one recurring jobs are scheduled in.</summary>
    public TimeZoneInfo Zone => _zone;

    /// <summary>The bureau's calendar day an instant falls on.</summary>
    public DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, _zone).DateTime);

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>
    /// The bureau that issues a region's tables and bulletins (制表单位): <c>Bureau:Name</c> when set, else
    /// "&lt;region&gt;交通运输局", the name every county and city bureau has.
    /// </summary>
    public string BureauName(string regionName) =>
        configuration["Bureau:Name"] is { Length: > 0 } name ? name : regionName + "交通运输局";

    /// <summary>The day of the month after a reporting month by which its report is due (<c>Reporting:DueDay</c>, default 5).</summary>
    private readonly int _dueDay = DueDay(configuration);

    /// <summary>The month headquarters report today (the previous calendar month) and its due date.</summary>
    public ReportingDeadline CurrentDeadline => ReportingDeadline.Current(Today, _dueDay);

    public ReportingDeadline DeadlineFor(ReportingMonth month) => ReportingDeadline.For(month, _dueDay);

    private static int DueDay(IConfiguration configuration)
    {
        var text = configuration["Reporting:DueDay"];
        if (string.IsNullOrEmpty(text))
        {
            return ReportingDeadline.DefaultDueDay;
        }
        return int.TryParse(text, out var day) && day is >= 1 and <= 31
            ? day
            : throw new InvalidOperationException($"Reporting:DueDay must be a day of the month, 1 to 31; it is '{text}'.");
    }
}
