namespace Investment.Api.Data;

/// <summary>A region's OC4IDS package of a year that an administrator has published at an anonymous URL.</summary>
public sealed class OpenDataPublication
{
    public required string RegionCode { get; set; }
    public int Year { get; set; }
    public DateTimeOffset PublishedAt { get; set; }
    /// <summary>The administrator's e-mail (the audit trail's actor).</summary>
    public required string PublishedBy { get; set; }
}
