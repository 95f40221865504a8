using System.Text.Json;

namespace Investment.Api.Data;

/// <summary>A long-running piece of work (roll-up, export, import, reminder) exposed as /api/v1/jobs/{id}.</summary>
public sealed class Job
{
    public Guid Id { get; set; }
    public required string Kind { get; set; }
    public required string Status { get; set; }
    public JsonDocument Parameters { get; set; } = JsonDocument.Parse("{}");
    public decimal Progress { get; set; }
    public JsonDocument? Result { get; set; }
    public string? Error { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? CreatedBy { get; set; }
}

public static class JobStatuses
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}

public static class JobKinds
{
    public const string Rollup = "rollup";
    public const string MissingReportsReminder = "missing_reports_reminder";
    public const string Export = "export";
    public const string Import = "import";
}

public sealed class RollupRun
{
    public int Year { get; set; }
    public int Month { get; set; }
    public Guid? JobId { get; set; }
    public DateTimeOffset ComputedAt { get; set; }
    public int RowCount { get; set; }
    public int FindingCount { get; set; }

    /// <summary>128-bit hashes of the period's rows and of its findings as this run left them (0018): a rerun that
    /// computes the same ones writes nothing. Null for runs made before.</summary>
    public byte[]? RowsFingerprint { get; set; }
    public byte[]? FindingsFingerprint { get; set; }
}

/// <summary>Figures of one region × period × mode × scope; "all" means every mode or scope. Money in 万元.</summary>
public sealed class RollupRow
{
    public const string All = "all";

    /// <summary>A row of one mode category or mode rather than of the whole scope.</summary>
    public static bool IsByMode(string modeCategory, string mode) => modeCategory != All || mode != All;

    public int Year { get; set; }
    public int Month { get; set; }
    public required string RegionCode { get; set; }
    public required string ModeCategory { get; set; }
    public required string Mode { get; set; }
    public required string Scope { get; set; }
    public required string RegionLevel { get; set; }
    public string? ParentCode { get; set; }
    public int SectionCount { get; set; }
    public decimal Plan { get; set; }
    public decimal PlannedToDate { get; set; }
    public decimal MonthActual { get; set; }
    public decimal YtdActual { get; set; }
    public decimal PreviousYtd { get; set; }
    public decimal? Task { get; set; }
    public decimal? YoyGrowth { get; set; }
    public decimal? CompletionRate { get; set; }
    public decimal? TimeElapsedProgress { get; set; }
    public decimal? Lag { get; set; }
    public string? LagStatus { get; set; }
    public int? RankByYtd { get; set; }
    public int? RankByCompletion { get; set; }
    public int? RankByYoy { get; set; }

    /// <summary>预计全年完成 and its 80% interval (万元); null in periods rolled up before the forecast existed.</summary>
    public decimal? YearEndForecast { get; set; }
    public decimal? ForecastLow { get; set; }
    public decimal? ForecastHigh { get; set; }

    /// <summary>What the forecast was read from: reported, planProfile, seasonal or linear.</summary>
    public string? ForecastBasis { get; set; }

    /// <summary>A 64-bit hash of the row's values, by which a rerun tells a changed row without reading it back (0018).</summary>
    public long? Fingerprint { get; set; }
}

public sealed class DataQualityFinding
{
    public long Id { get; set; }
    public int Year { get; set; }
    public int Month { get; set; }
    public required string Kind { get; set; }
    public string? RegionCode { get; set; }
    public long? ProjectId { get; set; }
    public long? SectionId { get; set; }
    public required string Message { get; set; }

    /// <summary>The same finding in Chinese; null for findings recorded before the roll-up wrote both.</summary>
    public string? MessageZh { get; set; }
}
