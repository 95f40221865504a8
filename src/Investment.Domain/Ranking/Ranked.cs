namespace Investment.Domain.Ranking;

/// <summary>One item of a ranking, in display order.</summary>
/// <typeparam name="T">The ranked item, e.g. a county's roll-up row.</typeparam>
/// <param name="Item">The item.</param>
/// <param name="Rank">
/// Its competition rank (1, 2, 2, 4): 1 is best; tied items share the better rank. <c>null</c> when the item had no
/// score.
/// </param>
/// <param name="Score">
/// The score the rank was judged on: the item's score rounded to the ranking's decimals (away from zero), i.e. the
/// value users see. <c>null</c> when the item had no score.
/// </param>
public sealed record Ranked<T>(T Item, int? Rank, decimal? Score);
