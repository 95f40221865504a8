namespace Investment.Api.Features.Funding;

/// <summary>
/// The fixed codes of funding lines with their Chinese labels, in the order bureau tables list them; the same lists as
/// <c>ck_funding_sources_level</c> and <c>ck_funding_sources_kind</c>.
/// </summary>
public static class FundingVocabulary
{
    public static readonly IReadOnlyList<(string Code, string Label)> Levels =
    [
        ("central", "中央"),
        ("provincial", "省级"),
        ("city", "市级"),
        ("county", "县级"),
    ];

    public static readonly IReadOnlyList<(string Code, string Label)> Kinds =
    [
        ("budget_subsidy", "预算补助"),
        ("special_bond", "专项债"),
        ("bank_loan", "银行贷款"),
        ("self_raised", "自筹"),
        ("other", "其他"),
    ];

    public static bool IsLevel(string? code) => Levels.Any(l => l.Code == code);

    public static bool IsKind(string? code) => Kinds.Any(k => k.Code == code);

    public static string LevelLabel(string code) => Levels.FirstOrDefault(l => l.Code == code).Label ?? code;

    public static string KindLabel(string code) => Kinds.FirstOrDefault(k => k.Code == code).Label ?? code;

    public static int LevelOrder(string code) => IndexOf(Levels, code);

    public static int KindOrder(string code) => IndexOf(Kinds, code);

    public static string DescribeLevels() => string.Join(", ", Levels.Select(l => l.Code));

    public static string DescribeKinds() => string.Join(", ", Kinds.Select(k => k.Code));

    private static int IndexOf(IReadOnlyList<(string Code, string Label)> list, string code)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].Code == code)
            {
                return i;
            }
        }
        return int.MaxValue;
    }
}
