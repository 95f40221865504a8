using System.Globalization;

namespace Investment.Domain.LandIssues;

/// <summary>
/// The running note on a land issue (处理情况): what was done to resolve it and, when it was reopened, why. Entries are
/// appended one per line so a reopened and re-resolved issue keeps its history in one text.
/// </summary>
public static class ResolutionNote
{
    /// <summary>The most characters the note holds (the <c>resolution_note</c> column).</summary>
    public const int MaxLength = 1000;

    /// <summary>Put in place of the oldest lines when they had to be dropped to make room.</summary>
    public const string Elided = "…";

    /// <summary>Characters <see cref="ReopenLine"/> puts before the reason ("reopened on 2024-01-20: ").</summary>
    public const int ReopenPrefixLength = 24;

    /// <summary>The longest reopen reason whose line still fits in the note on its own.</summary>
    public const int ReopenReasonMax = MaxLength - ReopenPrefixLength;

    /// <summary>The audit line a reopen leaves: "reopened on 2024-01-20: the owner withdrew the agreement".</summary>
    /// <param name="on">The day the issue was reopened.</param>
    /// <param name="reason">Why, as the user wrote it.</param>
    public static string ReopenLine(DateOnly on, string reason) =>
        $"reopened on {on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}: {reason}";

    /// <summary>
    /// The note with <paramref name="line"/> added as its last line. When the result would exceed
    /// <paramref name="maxLength"/>, the oldest lines are dropped (and replaced by one <see cref="Elided"/> line) until
    /// it fits, so the newest entries — the ones that explain the current state — always survive.
    /// </summary>
    /// <param name="existing">The note so far; <c>null</c> or empty when there is none.</param>
    /// <param name="line">The entry to add; at most <paramref name="maxLength"/> characters.</param>
    /// <param name="maxLength">The most characters the result may have.</param>
    /// <exception cref="ArgumentException"><paramref name="line"/> alone is longer than <paramref name="maxLength"/>.</exception>
    public static string Append(string? existing, string line, int maxLength = MaxLength)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.Length > maxLength)
        {
            throw new ArgumentException($"A note entry has at most {maxLength} characters.", nameof(line));
        }
        if (string.IsNullOrEmpty(existing))
        {
            return line;
        }
        var whole = $"{existing}\n{line}";
        if (whole.Length <= maxLength)
        {
            return whole;
        }
        var older = existing.Split('\n');
        for (var drop = 1; drop < older.Length; drop++)
        {
            var kept = string.Join('\n', [Elided, .. older[drop..], line]);
            if (kept.Length <= maxLength)
            {
                return kept;
            }
        }
        var marked = $"{Elided}\n{line}";
        return marked.Length <= maxLength ? marked : line;
    }
}
