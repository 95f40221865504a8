namespace Investment.Api.Features.LandIssues;

/// <summary>What blocks the works (问题类型), as stored in <c>land_issues.kind</c> and sent in JSON.</summary>
public static class LandIssueKinds
{
    /// <summary>
    /// house (房屋征收), crops (青苗), power_tower (电力塔基 / 管线迁改), grave (坟墓), enterprise (企业), farmland (农田 / 用地指标),
    /// other.
    /// </summary>
    public static readonly IReadOnlyList<string> All = ["house", "crops", "power_tower", "grave", "enterprise", "farmland", "other"];

    public static bool IsKnown(string? kind) => kind is not null && All.Contains(kind);

    public static string Describe() => string.Join(", ", All);
}

public static class LandIssueStatuses
{
    public const string Open = "open";
    public const string Resolved = "resolved";
    public const string Overdue = "overdue";
}
