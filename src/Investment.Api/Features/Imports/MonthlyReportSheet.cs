using Investment.Domain;

namespace Investment.Api.Features.Imports;

/// <summary>What a column holds, which decides how the template formats it and how an upload reads it.</summary>
public enum SheetColumnKind
{
    /// <summary>Identifies the row; written by the template, locked; only the section id is read back.</summary>
    Identity,

    /// <summary>An amount or a percentage the headquarters enter.</summary>
    Number,

    /// <summary>Free text the headquarters enter.</summary>
    Text,

    /// <summary>One of a fixed list of values (a drop-down in the template).</summary>
    Choice,
}

/// <summary>One column of the monthly-report sheet: its Chinese header, the API field it maps to, and its width.</summary>
public sealed record SheetColumn(string Letter, string Header, string Field, SheetColumnKind Kind, double Width, bool RequiredHeader)
{
    /// <summary>1-based column index ("A" = 1).</summary>
    public int Index => Letter[0] - 'A' + 1;
}

/// <summary>
/// The layout of the monthly-report template, used by both the template writer and the upload reader so that the two
/// cannot drift apart: sheet names, title row, header row, column order, the meta sheet's keys and the template version.
/// </summary>
public static class MonthlyReportSheet
{
    /// <summary>Name of the visible sheet the headquarters fill.</summary>
    public const string SheetName = "月度进展填报";

    /// <summary>Name of the very hidden sheet recording what the template was made for.</summary>
    public const string MetaSheetName = "meta";

    /// <summary>Value of the meta "template" key: which import this workbook belongs to.</summary>
    public const string TemplateKind = "monthly-reports";

    /// <summary>Bumped whenever the columns change, so an old template is refused rather than misread.</summary>
    public const string TemplateVersion = "1";

    public const string MetaTemplate = "template";
    public const string MetaVersion = "version";
    public const string MetaRegionCode = "regionCode";
    public const string MetaPeriod = "period";
    public const string MetaGeneratedAt = "generatedAt";

    public const int TitleRow = 1;
    public const int HeaderRow = 2;
    public const int FirstDataRow = 3;

    /// <summary>How far down an upload's header row is looked for (a user may insert a note above it).</summary>
    public const int HeaderSearchRows = 10;

    public const string Yes = "是";
    public const string No = "否";

    public static readonly SheetColumn SectionId = new("A", "标段ID", "sectionId", SheetColumnKind.Identity, 10, true);
    public static readonly SheetColumn Region = new("B", "区县", "regionName", SheetColumnKind.Identity, 10, false);
    public static readonly SheetColumn ProjectCode = new("C", "项目编码", "projectCode", SheetColumnKind.Identity, 16, false);
    public static readonly SheetColumn ProjectName = new("D", "项目名称", "projectName", SheetColumnKind.Identity, 32, false);
    public static readonly SheetColumn SectionName = new("E", "标段名称", "sectionName", SheetColumnKind.Identity, 24, false);
    public static readonly SheetColumn State = new("F", "填报状态", "state", SheetColumnKind.Identity, 16, false);
    public static readonly SheetColumn MonthActual = new("G", "本月完成投资(万元)", "monthActual", SheetColumnKind.Number, 16, true);
    public static readonly SheetColumn PhysicalProgress = new("H", "形象进度(%)", "physicalProgress", SheetColumnKind.Number, 12, true);
    public static readonly SheetColumn ProgressDecreaseReason =
        new("I", "形象进度下降原因", "progressDecreaseReason", SheetColumnKind.Text, 20, true);
    public static readonly SheetColumn Narrative = new("J", "进展情况", "narrative", SheetColumnKind.Text, 40, true);
    public static readonly SheetColumn Problems = new("K", "存在问题", "problems", SheetColumnKind.Text, 30, true);
    public static readonly SheetColumn Submit = new("L", "是否提交", "submit", SheetColumnKind.Choice, 10, false);

    /// <summary>Every column in sheet order.</summary>
    public static readonly IReadOnlyList<SheetColumn> Columns =
    [
        SectionId, Region, ProjectCode, ProjectName, SectionName, State,
        MonthActual, PhysicalProgress, ProgressDecreaseReason, Narrative, Problems, Submit,
    ];

    /// <summary>The columns whose content is the report; all empty means "no report for this section".</summary>
    public static readonly IReadOnlyList<SheetColumn> FillIn = [MonthActual, PhysicalProgress, ProgressDecreaseReason, Narrative, Problems];

    /// <summary>Text length limits, the same numbers the API and the database use.</summary>
    public static int MaxLength(SheetColumn column) =>
        column == Narrative ? Limits.NarrativeMax
        : column == Problems ? Limits.ProblemsMax
        : column == ProgressDecreaseReason ? Limits.ReasonMax
        : int.MaxValue;

    /// <summary>"诸暨市 2023年12月 项目月度进展填报表".</summary>
    public static string Title(string regionName, ReportingMonth period) =>
        $"{regionName} {period.Year}年{period.Month}月 项目月度进展填报表";

    /// <summary>
    /// A header as typed, reduced to compare equal to ours: whitespace and line breaks dropped, full-width brackets
    /// and percent signs made half-width (Chinese input methods produce both).
    /// </summary>
    public static string NormalizeHeader(string text)
    {
        var chars = new List<char>(text.Length);
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                continue;
            }
            chars.Add(c switch
            {
                '（' => '(',
                '）' => ')',
                '％' => '%',
                _ => c,
            });
        }
        return new string(chars.ToArray());
    }

    /// <summary>The column with this (normalized) header, or null.</summary>
    public static SheetColumn? ByHeader(string text)
    {
        var normalized = NormalizeHeader(text);
        return Columns.FirstOrDefault(c => NormalizeHeader(c.Header) == normalized);
    }
}
