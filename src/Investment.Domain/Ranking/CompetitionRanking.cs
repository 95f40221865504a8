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

        var scored = items
            .Select(item => (Item: item, Score: Round(score(item), decimals), Key: tieBreakKey(item)))
            .ToList();

        var withScore = scored.Where(x => x.Score is not null);
        var ordered = descending
            ? withScore.OrderByDescending(x => x.Score)
            : withScore.OrderBy(x => x.Score);

        var result = new List<Ranked<T>>(scored.Count);
        decimal? previous = null;
        var rank = 0;
        foreach (var (item, value, _) in ordered.ThenBy(x => x.Key, StringComparer.Ordinal))
        {
            if (value != previous)
            {
                rank = result.Count + 1;
                previous = value;
            }

            result.Add(new Ranked<T>(item, rank, value));
        }

        foreach (var (item, _, _) in scored.Where(x => x.Score is null).OrderBy(x => x.Key, StringComparer.Ordinal))
        {
            result.Add(new Ranked<T>(item, null, null));
        }

        return result;
    }

    private static decimal? Round(decimal? value, int decimals) =>
        value is { } v ? decimal.Round(v, decimals, MidpointRounding.AwayFromZero) : null;
}
