namespace Investment.Api.Features.Imports;

/// <summary>
/// What an upload may cost the server, from configuration section <c>Imports</c>. The archive limits are checked on
/// the zip entries before any XML is parsed, and again while the entries are actually inflated (a zip's declared sizes
/// can lie), so a small upload cannot expand into gigabytes.
/// </summary>
public sealed record ImportLimits(
    long MaxBytes,
    int MaxRows,
    long MaxExpandedBytes,
    int MaxCompressionRatio,
    long RatioFloorBytes,
    int MaxEntries)
{
    public const long DefaultMaxBytes = 5 * 1024 * 1024;
    public const int DefaultMaxRows = 5000;
    public const long DefaultMaxExpandedBytes = 50 * 1024 * 1024;
    public const int DefaultMaxCompressionRatio = 100;

    /// <summary>
    /// Entries smaller than this are not held to the ratio: a few kilobytes of repetitive XML legitimately compress
    /// beyond 100:1 and cannot hurt anyone; the total cap still counts them.
    /// </summary>
    public const long DefaultRatioFloorBytes = 1024 * 1024;

    public const int DefaultMaxEntries = 1000;

    /// <summary>Room for the multipart boundaries and part headers around the file itself.</summary>
    public const long MultipartOverheadBytes = 64 * 1024;

    /// <summary>The largest request body the upload endpoint accepts.</summary>
    public long MaxRequestBytes => MaxBytes + MultipartOverheadBytes;

    public static ImportLimits From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Imports");
        return new ImportLimits(
            Positive(section.GetValue<long?>("MaxBytes"), DefaultMaxBytes),
            (int)Positive(section.GetValue<int?>("MaxRows"), DefaultMaxRows),
            Positive(section.GetValue<long?>("MaxExpandedBytes"), DefaultMaxExpandedBytes),
            (int)Positive(section.GetValue<int?>("MaxCompressionRatio"), DefaultMaxCompressionRatio),
            Positive(section.GetValue<long?>("RatioFloorBytes"), DefaultRatioFloorBytes),
            (int)Positive(section.GetValue<int?>("MaxEntries"), DefaultMaxEntries));
    }

    private static long Positive(long? configured, long fallback) => configured is > 0 ? configured.Value : fallback;

    /// <summary>"5 MB", "50 MB", "512 KB": limits as people read them in a message.</summary>
    public static string Readable(long bytes) =>
        bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0 ? FormattableString.Invariant($"{bytes / (1024 * 1024)} MB")
        : bytes >= 1024 && bytes % 1024 == 0 ? FormattableString.Invariant($"{bytes / 1024} KB")
        : FormattableString.Invariant($"{bytes} bytes");
}
