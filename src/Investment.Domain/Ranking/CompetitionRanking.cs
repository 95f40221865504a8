namespace Investment.Domain.Ranking;

/// <summary>
/// Standard competition ranking (排名, "1224"): counties within their city, cities within the province, by a chosen
/// metric.
/// </summary>
public static class CompetitionRanking
{
    /// <summary>
    /// Ranks <paramref name="items"/> by <paramref name="score"/>: the best gets 1; equal scores share the better
    /// rank and the next rank skips (1, 2, 2, 4).
    /// </summary>
    /// <remarks>
    /// Ties are judged on the rounded value shown to users, not the exact one: each score is rounded to
    /// <paramref name="decimals"/> places with <see cref="MidpointRounding.AwayFromZero"/> first, so two counties shown
    /// as 85.34% never get different ranks (0.85344 and 0.85336 at 4 decimals both rank as 0.8534). Pass the number of
    /// decimals the ratio is displayed with (a percentage with 2 decimals is a ratio with 4).
    /// <para>
    /// Display order: by rounded score (best first), then within a tie, and among unscored items, by
    /// <paramref name="tieBreakKey"/> in ordinal order (e.g. the region code); items with equal keys keep their input
    /// order. The key never changes a rank. Items whose score is <c>null</c> (e.g. no plan, so no completion rate) come
    /// last with a <c>null</c> rank and do not use up rank numbers.
    /// </para>
    /// </remarks>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="items">The items to rank; empty gives an empty list.</param>
    /// <param name="score">The metric; called once per item; <c>null</c> means "not ranked".</param>
    /// <param name="tieBreakKey">Secondary display order, compared ordinally; must not return <c>null</c>.</param>
    /// <param name="descending"><c>true</c> (default) when a higher score is better; <c>false</c> when lower is better.</param>
    /// <param name="decimals">Decimal places ties are judged at, 0..28; default 4.</param>
    /// <returns>Every item exactly once, in display order, with its rank and rounded score.</returns>
    /// <exception cref="ArgumentNullException">An argument is <c>null</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="decimals"/> is outside 0..28.</exception>
    public static IReadOnlyList<Ranked<T>> Rank<T>(
        IEnumerable<T> items,
        Func<T, decimal?> score,
        Func<T, string> tieBreakKey,
        bool descending = true,
        int decimals = 4)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(tieBreakKey);
        ArgumentOutOfRangeException.ThrowIfNegative(decimals);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(decimals, 28);

        // Sorted as an array of entries rather than through LINQ: a national roll-up ranks some 60,000 sets of siblings,
        // and OrderBy's comparers and buffers cost more than the roll-up's arithmetic.
        var list = items as IReadOnlyList<T> ?? items.ToList();
        var entries = new Entry<T>[list.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            var item = list[i];
            entries[i] = new Entry<T>(item, Round(score(item), decimals), tieBreakKey(item), i);
        }
        Array.Sort(entries, new EntryOrder<T>(descending));

        var result = new List<Ranked<T>>(entries.Length);
        decimal? previous = null;
        var rank = 0;
        foreach (var entry in entries)
        {
            if (entry.Score is null)
            {
                result.Add(new Ranked<T>(entry.Item, null, null));
                continue;
            }
            if (entry.Score != previous)
            {
                rank = result.Count + 1;
                previous = entry.Score;
            }
            result.Add(new Ranked<T>(entry.Item, rank, entry.Score));
        }

        return result;
    }

    private readonly record struct Entry<T>(T Item, decimal? Score, string Key, int Index);

    /// <summary>Scored first, best first; then by key, ordinally; then in input order (the sort itself is not stable).</summary>
    private readonly struct EntryOrder<T>(bool descending) : IComparer<Entry<T>>
    {
        public int Compare(Entry<T> x, Entry<T> y)
        {
            if (x.Score is { } a)
            {
                if (y.Score is not { } b)
                {
                    return -1;
                }
                var byScore = descending ? b.CompareTo(a) : a.CompareTo(b);
                if (byScore != 0)
                {
                    return byScore;
                }
            }
            else if (y.Score is not null)
            {
                return 1;
            }
            var byKey = string.CompareOrdinal(x.Key, y.Key);
            return byKey != 0 ? byKey : x.Index.CompareTo(y.Index);
        }
    }

    private static decimal? Round(decimal? value, int decimals) =>
        value is { } v ? decimal.Round(v, decimals, MidpointRounding.AwayFromZero) : null;
}
