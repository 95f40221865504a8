namespace Investment.Domain;

/// <summary>
/// Maximum text lengths, in characters (UTF-16 code units, as <see cref="string.Length"/> counts them), shared by
/// request validators and the SQL column definitions so that both read the same number.
/// </summary>
public static class Limits
{
    /// <summary>Project name (项目名称).</summary>
    public const int ProjectNameMax = 200;

    /// <summary>Project code (项目编码).</summary>
    public const int ProjectCodeMax = 32;

    /// <summary>Route code (路线编号), e.g. G235, S211, X009.</summary>
    public const int RouteCodeMax = 16;

    /// <summary>Owner / headquarters (业主 / 指挥部).</summary>
    public const int OwnerMax = 200;

    /// <summary>Section name (标段 / 县域段名称).</summary>
    public const int SectionNameMax = 200;

    /// <summary>Monthly progress narrative (形象进度描述).</summary>
    public const int NarrativeMax = 4000;

    /// <summary>Monthly problems text (存在问题).</summary>
    public const int ProblemsMax = 4000;

    /// <summary>Town or street (镇街).</summary>
    public const int TownMax = 100;

    /// <summary>Land-issue description (问题描述).</summary>
    public const int DescriptionMax = 2000;

    /// <summary>Responsible unit (责任单位).</summary>
    public const int ResponsibleUnitMax = 200;

    /// <summary>Reason for a correction or a return (修改 / 退回原因).</summary>
    public const int ReasonMax = 1000;
}
