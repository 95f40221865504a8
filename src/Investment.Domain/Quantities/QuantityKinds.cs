using System.Diagnostics.CodeAnalysis;

namespace Investment.Domain.Quantities;

/// <summary>One kind of physical quantity (实物工程量) a programme sets a yearly target for.</summary>
/// <param name="Code">The code stored in the database and sent in JSON, e.g. <c>new_rebuilt_km</c>.</param>
/// <param name="Label">The Chinese name used in bureau tables, e.g. 新改建.</param>
/// <param name="Unit">The unit amounts are counted in: 公里 (km), 座 (bridges) or 个 (stations, shelters).</param>
/// <param name="IsCount">True when the kind counts whole things (bridges, stations, shelters) rather than a length.</param>
public sealed record QuantityKind(string Code, string Label, string Unit, bool IsCount);

/// <summary>
/// The fixed list of quantity kinds, the same as the <c>ck_quantity_targets_kind</c> constraint, in the order bureau
/// tables list them (lengths first, then counts).
/// </summary>
public static class QuantityKinds
{
    /// <summary>公里: the unit of every length kind.</summary>
    public const string Kilometres = "公里";

    /// <summary>座: the unit for bridges.</summary>
    public const string Bridges = "座";

    /// <summary>个: the unit for stations and shelters.</summary>
    public const string Pieces = "个";

    /// <summary>Every kind, in display order.</summary>
    public static readonly IReadOnlyList<QuantityKind> All =
    [
        new("new_rebuilt_km", "新改建", Kilometres, IsCount: false),
        new("pavement_improvement_km", "路面状况改善", Kilometres, IsCount: false),
        new("major_repair_km", "大中修", Kilometres, IsCount: false),
        new("safety_works_km", "安防工程", Kilometres, IsCount: false),
        new("bridges_renovated", "危桥改造", Bridges, IsCount: true),
        new("stations_built", "站场建设", Pieces, IsCount: true),
        new("shelters_built", "候车亭建设", Pieces, IsCount: true),
    ];

    private static readonly Dictionary<string, QuantityKind> ByCode = All.ToDictionary(k => k.Code, StringComparer.Ordinal);

    private static readonly Dictionary<string, int> Position =
        All.Select((k, i) => (k.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);

    /// <summary>Finds a kind by its exact (case-sensitive) code; <c>null</c> and unknown codes give <c>false</c>.</summary>
    public static bool TryGet(string? code, [NotNullWhen(true)] out QuantityKind? kind)
    {
        kind = null;
        return code is not null && ByCode.TryGetValue(code, out kind);
    }

    /// <summary>True when <paramref name="code"/> is one of <see cref="All"/>.</summary>
    public static bool IsKnown(string? code) => TryGet(code, out _);

    /// <summary>Position of the kind in <see cref="All"/> for sorting; unknown codes sort last.</summary>
    public static int OrderOf(string code) => Position.TryGetValue(code, out var i) ? i : int.MaxValue;

    /// <summary>The codes, comma-separated, for error messages.</summary>
    public static string Describe() => string.Join(", ", All.Select(k => k.Code));
}

/// <summary>
/// What a quantity amount (a yearly target or a month's completed amount) may be: what a <c>numeric(12,3)</c> column
/// holds exactly, never negative, and whole for kinds that count things.
/// </summary>
public static class QuantityAmounts
{
    /// <summary>Decimal places kept: 3, one metre when the unit is 公里.</summary>
    public const int Scale = 3;

    /// <summary>Largest amount a <c>numeric(12,3)</c> column holds: 9 integer digits, so anything below 10⁹.</summary>
    public const decimal Max = 999_999_999.999m;

    /// <summary>
    /// Why <paramref name="amount"/> cannot be stored for <paramref name="kind"/>, or <c>null</c> when it can:
    /// negative, more than <see cref="Scale"/> decimals, not below 10⁹, or a fraction of a counted thing
    /// (half a bridge). Trailing zeros do not count as decimals (2.000 bridges is 2).
    /// </summary>
    public static QuantityAmountProblem? Problem(decimal amount, QuantityKind? kind)
    {
        if (amount < 0)
        {
            return QuantityAmountProblem.Negative;
        }
        if (amount > Max)
        {
            return QuantityAmountProblem.TooLarge;
        }
        if (!Money.HasAtMostScale(amount, Scale))
        {
            return QuantityAmountProblem.TooManyDecimals;
        }
        if (kind is { IsCount: true } && decimal.Truncate(amount) != amount)
        {
            return QuantityAmountProblem.NotWhole;
        }
        return null;
    }
}

/// <summary>Why a quantity amount cannot be stored (the API words it in the request's language).</summary>
public enum QuantityAmountProblem
{
    /// <summary>Below zero.</summary>
    Negative,

    /// <summary>Not below 10⁹ (<see cref="QuantityAmounts.Max"/>).</summary>
    TooLarge,

    /// <summary>More than <see cref="QuantityAmounts.Scale"/> decimal places.</summary>
    TooManyDecimals,

    /// <summary>A fraction of a kind that counts things (half a bridge).</summary>
    NotWhole,
}
