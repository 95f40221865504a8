using Investment.Api.Excel;
using Investment.Api.Features.Exports;
using Investment.Api.Tests.Excel;
using Investment.Domain;

namespace Investment.Api.Tests.Features.Exports;

/// <summary>
/// One workbook per sheet layout with known, awkward content (ties, a red row, 亿元 rounding, CJK, formula-like text,
/// dates, empty figures). The test checks each reopens with the SDK; tests/libreoffice-check.sh runs it with
/// <see cref="DirectoryVariable"/> set to keep the files, then converts them with LibreOffice and checks the values.
/// </summary>
public sealed class ExportSamplesTests
{
    public const string DirectoryVariable = "INVESTMENT_EXPORT_SAMPLES";

    [Fact]
    public void Samples_AreWritten_AndReopen()
    {
        var keep = Environment.GetEnvironmentVariable(DirectoryVariable);
        var directory = string.IsNullOrEmpty(keep) ? Path.Combine(Path.GetTempPath(), $"export-samples-{Guid.NewGuid():N}") : keep;
        Directory.CreateDirectory(directory);
        try
        {
            var titles = WriteAll(directory);
            // Each basis of the ranking has its own file name, the basis in it.
            var rankings = titles.Where(t => t.Title.Contains("排名", StringComparison.Ordinal)).Select(t => t.File).ToList();
            Assert.Equal(3, rankings.Distinct(StringComparer.Ordinal).Count());
            Assert.All(CountyRankingSheet.RankByLabels.Values, basis => Assert.Single(rankings, f => f.Contains($"按{basis}", StringComparison.Ordinal)));
            foreach (var (file, title) in titles)
            {
                using var stream = File.OpenRead(Path.Combine(directory, file));
                using var book = new XlsxReadBack(stream);
                Assert.Equal(title, book.Text("A1"));
                Assert.Empty(book.ValidationErrors());
                Assert.NotEmpty(book.Values(4));
            }
        }
        finally
        {
            if (string.IsNullOrEmpty(keep))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static List<(string File, string Title)> WriteAll(string directory)
    {
        var period = new ReportingMonth(2023, 12);
        var written = new List<(string, string)>();

        // Saved under the name the endpoint gives each basis: three rankings of one period in one folder, none overwritten.
        foreach (var rankBy in CountyRankingSheet.RankByLabels.Keys)
        {
            var ranking = new CountyRankingHeading("绍兴市", false, period, "effective", rankBy, Issuer("绍兴市"));
            var file = ExportCountyRanking.DisplayFileName(ranking);
            Write(directory, file, s => CountyRankingSheet.Write(s, ranking,
            [
                new CountyRankingRow(1, "330681", "诸暨市", 450000, 614000, 1.364444m, 1, 0.364444m, 361389, 0.699m, "green", Task: 398000,
                    YearEndForecast: 614000), // December: the forecast is the year as reported
                new CountyRankingRow(2, "330602", "越城区", 615000, 300000, 0.487805m, 1, -0.512195m, 280000, 0.071429m, "yellow"),
                new CountyRankingRow(2, "330603", "柯桥区", 400000, 300000, 0.75m, 1, -0.25m, 0, null, "yellow"),
                new CountyRankingRow(4, "330683", "嵊州市", 500000, 100000, 0.2m, 1, -0.8m, 10000, 9m, "red"),
                // 新昌 has no section in the scope, so no roll-up row: listed, 无计划, unranked.
                CountyRankingRow.Empty("330624", "新昌县"),
            ], new CountyRankingRow(null, "330600", "绍兴市", 1_965_000, 1_314_000, 0.668702m, 1, -0.331298m, 651389, 1.017228m, "red",
                Task: 1_800_000, YearEndForecast: 1_314_000)));
            written.Add((file, CountyRankingSheet.Title(ranking)));
        }

        var detail = new ProjectDetailHeading("诸暨市", period, RollupRowAll, Issuer("诸暨市"));
        Write(directory, "project-detail.xlsx", s => ProjectDetailSheet.Write(s, detail,
        [
            // 109.0% done against 100% due: 9.0 points ahead, 同比 +14.5% on 200,000.
            new ProjectDetailRow("诸暨市", "ZJ-KEZHU", "柯诸高速公路诸暨段", "expressway", "柯诸高速公路诸暨段", 210000, 32060, 229000, 68.8m,
                "预制梁场生产T梁39片，完成桥梁桩基施工12根、墩柱浇筑8个，隧道掘进累计1,250米，路基土石方完成全线的85%", "政策处理：店口镇青苗问题3处待处置",
                PreviousYtd: 200000),
            // 85.0% against 100%: 15.0 points behind, red.
            new ProjectDetailRow("诸暨市", "ZJ-G235", "G235诸暨段（235国道改建工程）", "trunk_highway", "一标段", 80000, 5000, 68000, 55.5m,
                "路面基层施工", null, PreviousYtd: 70000),
            // 93.0%: 7.0 points behind, yellow.
            new ProjectDetailRow("诸暨市", "ZJ-RURAL", "农村公路提升改造", "rural_road", "二标段", 1000, 100, 930, null, null, null),
            new ProjectDetailRow("诸暨市", "ZJ-INJ-1", "=1+1", "other", "+1+1", 670.6135m, null, 0, null, "-1+1", "@SUM(1,1)"),
            new ProjectDetailRow("诸暨市", "ZJ-INJ-2", "=HYPERLINK(\"http://example.invalid\",\"x\")", "rural_road", "诸暨段", null, null, null,
                null, "\t=1+1", null),
        ]));
        written.Add(("project-detail.xlsx", ProjectDetailSheet.Title(detail)));

        var land = new LandIssueHeading("诸暨市", "all", new DateOnly(2024, 1, 20))
        {
            Issuer = Issuer("诸暨市"), ByRegion = false, Counts = new LandIssueCounts(387, 364, 23, 22, 0.940568m),
        };
        Write(directory, "land-issues.xlsx", s => LandIssueSheet.Write(s, land,
        [
            new LandIssueRow("诸暨市", "柯诸高速公路诸暨段", "柯诸高速公路诸暨段", "姚江镇", "house", "K0+427民房3户征收补偿未签约",
                new DateOnly(2023, 1, 3), new DateOnly(2023, 2, 17), new DateOnly(2023, 2, 15), "姚江镇人民政府"),
            new LandIssueRow("诸暨市", "G235诸暨段（235国道改建工程）", "G235诸暨段（235国道改建工程）", "店口镇", "power_tower", "110kV电力塔基迁改",
                new DateOnly(2023, 6, 1), new DateOnly(2023, 9, 30), null, "国网诸暨市供电公司"),
        ]));
        written.Add(("land-issues.xlsx", LandIssueSheet.Title(land)));

        var modes = new ModeBreakdownHeading("温岭市", period, "comprehensive", XlsxSheetLayout.IssuedBy("温岭市交通运输局", IssuedOn));
        Write(directory, "mode-breakdown.xlsx", s => ModeBreakdownSheet.Write(s, modes,
        [
            new ModeBreakdownRow(RollupRowAll, RollupRowAll, 450000, 436800, 400000, 0.970667m, 0.092m),
            new ModeBreakdownRow("road", RollupRowAll, 360000, 347800, 320000, 0.966111m, 0.086875m),
            new ModeBreakdownRow("road", "expressway", 260000, 257200, 250000, 0.989231m, 0.0288m),
            new ModeBreakdownRow("rail", RollupRowAll, 85000, 83800, 75000, 0.985882m, 0.117333m),
            new ModeBreakdownRow("rail", "railway", 67000, 66000, 60000, 0.985075m, 0.1m),
            new ModeBreakdownRow("rail", "urban_rail", 18000, 17800, 15000, 0.988889m, 0.186667m),
            new ModeBreakdownRow("other", RollupRowAll, 5000, 5200, 5000, 1.04m, 0.04m),
        ]));
        written.Add(("mode-breakdown.xlsx", ModeBreakdownSheet.Title(modes)));

        var quality = new DataQualityHeading("温岭市", period, Issuer("温岭市"));
        Write(directory, "data-quality.xlsx", s => DataQualitySheet.Write(s, quality,
        [
            new DataQualityRow("parts_do_not_add_up", "温岭市", null, null, "Region 331081: the mode categories do not add up",
                "行政区331081、口径comprehensive：各方式大类合计为计划450000万元、累计436800万元、本月0万元、去年同期0万元，但all/all行为计划450000万元、累计436900万元、本月0万元、去年同期0万元。"),
            new DataQualityRow("progress_backwards", "温岭市", "温岭市域铁路S1线", "温岭段", "progress went down",
                "=项目WL-S1的标段7（行政区331081）：已审核的形象进度由2023年11月的35%降至2023年12月的30%。"),
            new DataQualityRow("missing_month", "温岭市", "温岭市域铁路S1线", "温岭段", "no approved report for 2023-11"),
        ]));
        written.Add(("data-quality.xlsx", DataQualitySheet.Title(quality)));

        var missingTitle = MissingReportsSheet.Title("诸暨市", period);
        Write(directory, "missing-reports.xlsx", s => MissingReportsSheet.Write(s, missingTitle, XlsxSheetLayout.IssuedBy("诸暨市交通运输局", IssuedOn), new Api.Features.Reporting.MissingReportsResponse(
            "2023-12", "330681", null, new Api.Features.Reporting.MissingReportCounts(15, 13, 1, 1),
            [
                new(1, "柯诸高速公路诸暨段", "330681", "诸暨市", 1, "ZJ-KEZHU", "柯诸高速公路诸暨段", "missing", null, null,
                    ["hq.kezhu@zhuji.gov.cn", "=cmd|' /C calc'!A0"]),
                new(2, "G235诸暨段", "330681", "诸暨市", 2, "ZJ-G235", "G235诸暨段（235国道改建工程）", "submitted", 1,
                    new DateTimeOffset(2024, 1, 4, 18, 30, 0, TimeSpan.Zero), []),
            ]), at => DateOnly.FromDateTime(at.ToOffset(TimeSpan.FromHours(8)).DateTime)));
        written.Add(("missing-reports.xlsx", missingTitle));
        return written;
    }

    private const string RollupRowAll = Api.Data.RollupRow.All;

    private static readonly DateOnly IssuedOn = new(2024, 1, 20);

    private static string Issuer(string region) => XlsxSheetLayout.IssuedBy(region + "交通运输局", IssuedOn);

    private static void Write(string directory, string file, Action<Stream> write)
    {
        using var stream = File.Create(Path.Combine(directory, file));
        write(stream);
    }
}
