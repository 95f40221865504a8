using System.Globalization;
using Investment.Api.Data;
using Investment.Domain;

namespace Investment.Api.Features.Exports;

/// <summary>The Simplified Chinese words the sheets print for the system's codes.</summary>
public static class ExportLabels
{
    private static readonly Dictionary<string, string> ScopeNames = new(StringComparer.Ordinal)
    {
        ["comprehensive"] = "综合交通投资",
        ["effective"] = "交通有效投资",
        ["key_project"] = "重点交通建设项目",
        ["major_programme"] = "十项重大工程",
        ["livelihood"] = "民生实事项目",
        [RollupRow.All] = "交通投资（全口径）",
    };

    private static readonly Dictionary<string, string> ModeCategoryNames = new(StringComparer.Ordinal)
    {
        ["road"] = "公路",
        ["rail"] = "铁路",
        ["water"] = "水运",
        ["air"] = "民航",
        ["hub"] = "综合枢纽",
        ["other"] = "其他",
    };

    private static readonly Dictionary<string, string> ModeNames = new(StringComparer.Ordinal)
    {
        ["expressway"] = "高速公路",
        ["trunk_highway"] = "普通国省道",
        ["urban_road"] = "城市道路",
        ["rural_road"] = "农村公路",
        ["railway"] = "铁路",
        ["urban_rail"] = "城市轨道交通",
        ["port"] = "港口",
        ["waterway"] = "航道",
        ["airport"] = "机场",
        ["hub"] = "综合交通枢纽",
        ["other"] = "其他",
    };

    private static readonly Dictionary<string, string> LandIssueKindNames = new(StringComparer.Ordinal)
    {
        ["house"] = "房屋",
        ["crops"] = "青苗",
        ["power_tower"] = "电力塔基",
        ["grave"] = "坟墓",
        ["enterprise"] = "企业",
        ["farmland"] = "农田或用地指标",
        ["other"] = "其他",
    };

    private static readonly Dictionary<string, string> FindingKindNames = new(StringComparer.Ordinal)
    {
        ["sections_exceed_total"] = "标段合计超过项目总投资",
        ["parts_do_not_add_up"] = "分项之和与合计不符",
        ["progress_backwards"] = "形象进度倒退",
        ["missing_month"] = "缺报月份",
        ["unapproved_month"] = "月报未审核",
        ["no_mode"] = "未归入任何方式",
        ["unattributed_investment"] = "项目总投资未全部分摊到标段",
        ["no_plan"] = "有月报但无年度计划",
        ["before_start"] = "开工前的月份有月报",
    };

    /// <summary>Category codes in the order tables list them.</summary>
    public static IReadOnlyList<string> ModeCategoryOrder { get; } = ["road", "rail", "water", "air", "hub", "other"];

    private static readonly Dictionary<string, int> ModePositions =
        ModeNames.Keys.Select((code, i) => (code, i)).ToDictionary(x => x.code, x => x.i, StringComparer.Ordinal);

    /// <summary>Where a mode comes in tables (the vocabulary's order); unknown codes last.</summary>
    public static int ModePosition(string code) => ModePositions.GetValueOrDefault(code, int.MaxValue);

    // An unknown code prints as itself rather than failing the export: a new code added to the vocabulary before its
    // label still shows, and a test notices the missing word.
    public static string Scope(string code) => ScopeNames.GetValueOrDefault(code, code);

    public static string ModeCategory(string code) => ModeCategoryNames.GetValueOrDefault(code, code);

    public static string Mode(string code) => ModeNames.GetValueOrDefault(code, code);

    public static string LandIssueKind(string code) => LandIssueKindNames.GetValueOrDefault(code, code);

    public static string FindingKind(string code) => FindingKindNames.GetValueOrDefault(code, code);

    /// <summary>
    /// How a row with the roll-up's lag status (<c>red</c>, <c>yellow</c>, <c>green</c>) stands out: red and yellow as
    /// the dashboard colours them (红 严重滞后、黄 滞后), anything else plain.
    /// </summary>
    public static Excel.XlsxTone LagTone(string? lagStatus) => lagStatus switch
    {
        "red" => Excel.XlsxTone.Red,
        "yellow" => Excel.XlsxTone.Yellow,
        _ => Excel.XlsxTone.Plain,
    };

    /// <summary>"1-12月" for the year to date of December, "1月" for January.</summary>
    public static string MonthsToDate(ReportingMonth period) =>
        period.Month == 1 ? "1月" : string.Create(CultureInfo.InvariantCulture, $"1-{period.Month}月");

    /// <summary>"2023年1-12月".</summary>
    public static string YearToDate(ReportingMonth period) =>
        string.Create(CultureInfo.InvariantCulture, $"{period.Year}年{MonthsToDate(period)}");
}
