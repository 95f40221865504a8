namespace Investment.Api.Features.Access;

/// <summary>Turns "now" into the bureau's calendar date once, at the edge; the domain rules only ever see dates.</summary>
public sealed class BureauClock(TimeProvider time, IConfiguration configuration)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(configuration["Bureau:TimeZone"] ?? "Asia/Shanghai");

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), _zone).DateTime);

    public DateTimeOffset Now => time.GetUtcNow();
}
