namespace Investment.Domain;

/// <summary>A reporting period: one calendar month of one year.</summary>
public readonly record struct ReportingMonth(int Year, int Month);
