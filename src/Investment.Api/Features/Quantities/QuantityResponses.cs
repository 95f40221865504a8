using Investment.Api.Data;
using Rates = Investment.Domain.Progress.CompletionRate;
using Investment.Domain.Quantities;

namespace Investment.Api.Features.Quantities;

/// <summary>A yearly quantity target. <c>Town</c> is null when the target is not broken down by town.</summary>
public sealed record QuantityTargetResponse(
    long Id, long ProjectId, long? SectionId, int Year, string Kind, string KindLabel, string Unit, string? Town, decimal Target)
{
    public static QuantityTargetResponse From(QuantityTarget t)
    {
        var kind = KindOf(t.Kind);
        return new(t.Id, t.ProjectId, t.SectionId, t.Year, t.Kind, kind.Label, kind.Unit, TownOrNull(t.Town), t.Target);
    }

    internal static QuantityKind KindOf(string code) =>
        QuantityKinds.TryGet(code, out var kind) ? kind : new QuantityKind(code, code, "", IsCount: false);

    internal static string? TownOrNull(string town) => town.Length == 0 ? null : town;
}

/// <summary>One month's completed amount and the year's running total through that month.</summary>
public sealed record QuantityMonth(string Period, decimal Completed, decimal Cumulative);

/// <summary>
/// A target with the amount completed from January through the period. <c>CompletionRate</c> is completed ÷ target
/// (can exceed 1), null when the target is 0. <c>Monthly</c> lists the months with an entry, through the period.
/// </summary>
public sealed record QuantityLine(
    long Id, long? SectionId, string Kind, string KindLabel, string Unit, string? Town, decimal Target, decimal Completed,
    decimal? CompletionRate, IReadOnlyList<QuantityMonth> Monthly);

/// <summary>Target and completed amount of one kind, summed; <c>CompletionRate</c> null when the target sums to 0.</summary>
public sealed record QuantityTotal(string Kind, string KindLabel, string Unit, decimal Target, decimal Completed, decimal? CompletionRate)
{
    /// <summary>One total per kind present in <paramref name="rows"/>, in the kinds' display order.</summary>
    public static IReadOnlyList<QuantityTotal> ByKind(IEnumerable<(string Kind, decimal Target, decimal Completed)> rows) =>
        rows.GroupBy(r => r.Kind, StringComparer.Ordinal)
            .OrderBy(g => QuantityKinds.OrderOf(g.Key))
            .Select(g =>
            {
                var kind = QuantityTargetResponse.KindOf(g.Key);
                var target = g.Sum(r => r.Target);
                var completed = g.Sum(r => r.Completed);
                return new QuantityTotal(kind.Code, kind.Label, kind.Unit, target, completed, Rates.Of(completed, target));
            })
            .ToList();
}
