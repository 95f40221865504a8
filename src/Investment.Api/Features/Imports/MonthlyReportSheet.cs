using Investment.Api.Excel;
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

/// <summary>
/// One column of the monthly-report sheet: its Chinese header, the API field it maps to, how the template formats it
/// and its width (fixed, so long text wraps and the sheet still prints one page wide).
/// </summary>
public sealed record SheetColumn(string Letter, string Header, string Field, SheetColumnKind Kind, XlsxStyle Style, int Width, bool RequiredHeader)
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

    /// <summary>
    /// The version the template writes: bumped whenever its layout changes. 2: written with ClosedXML, the 制表单位 and
    /// unit lines above the header (header on row 4), strings shared. 1: the bare Open XML SDK writer, header on row 2.
    /// </summary>
    public const string TemplateVersion = "2";

    /// <summary>
    /// The versions an upload may carry. Version 1 is still read: its columns are these, only its header sits higher, and
    /// the header is found by its text (<see cref="HeaderSearchRows"/>), so a county that downloaded the template before
    /// the change need not download it again. A version whose columns differ is left out and refused.
    /// </summary>
    public static readonly IReadOnlyList<string> AcceptedVersions = ["1", TemplateVersion];

    public const string MetaTemplate = "template";
    public const string MetaVersion = "version";
    public const string MetaRegionCode = "regionCode";
    public const string MetaPeriod = "period";
    public const string MetaGeneratedAt = "generatedAt";

    /// <summary>Row 1 the title, row 2 the 制表单位 line, row 3 the unit line, then the header (the template's layout).</summary>
    public const int TitleRow = 1;
    public const int HeaderRow = 4;
    public const int FirstDataRow = 5;

    /// <summary>How far down an upload's header row is looked for (a user may insert a note above it).</summary>
    public const int HeaderSearchRows = 10;

    public const string Yes = "是";
    public const string No = "否";

    public static readonly SheetColumn SectionId = new("A", "标段ID", "sectionId", SheetColumnKind.Identity, XlsxStyle.WholeNumber, 8, true);
    public static readonly SheetColumn Region = new("B", "区县", "regionName", SheetColumnKind.Identity, XlsxStyle.Text, 9, false);
    public static readonly SheetColumn ProjectCode = new("C", "项目编码", "projectCode", SheetColumnKind.Identity, XlsxStyle.Text, 14, false);
    public static readonly SheetColumn ProjectName = new("D", "项目名称", "projectName", SheetColumnKind.Identity, XlsxStyle.WrappedText, 24, false);
    public static readonly SheetColumn SectionName = new("E", "标段名称", "sectionName", SheetColumnKind.Identity, XlsxStyle.WrappedText, 16, false);
    public static readonly SheetColumn State = new("F", "填报状态", "state", SheetColumnKind.Identity, XlsxStyle.WrappedText, 16, false);
    public static readonly SheetColumn MonthActual =
        new("G", "本月完成投资(万元)", "monthActual", SheetColumnKind.Number, XlsxStyle.WanEntry, 18, true);
    public static readonly SheetColumn PhysicalProgress = new("H", "形象进度(%)", "physicalProgress", SheetColumnKind.Number, XlsxStyle.Yi, 10, true);
    public static readonly SheetColumn ProgressDecreaseReason =
        new("I", "形象进度下降原因", "progressDecreaseReason", SheetColumnKind.Text, XlsxStyle.WrappedText, 16, true);
    public static readonly SheetColumn Narrative = new("J", "进展情况", "narrative", SheetColumnKind.Text, XlsxStyle.WrappedText, 30, true);
    public static readonly SheetColumn Problems = new("K", "存在问题", "problems", SheetColumnKind.Text, XlsxStyle.WrappedText, 24, true);
    public static readonly SheetColumn Submit = new("L", "是否提交", "submit", SheetColumnKind.Choice, XlsxStyle.Text, 8, false);

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

    /// <summary>The unit line: the units, and which columns are to be filled in.</summary>
    public const string UnitLine = "单位：万元、%　黄色表头为填报列；灰色行已提交或已审核，不可修改";

    /// <summary>The download's name, "诸暨市2023年12月月度进展填报模板.xlsx" once made a file name.</summary>
    public static string DownloadTitle(string regionName, ReportingMonth period) =>
        $"{regionName} {period.Year}年{period.Month}月 月度进展填报模板";

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
