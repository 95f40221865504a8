using System.Diagnostics;
using Investment.Api.Features.Exports;
using Investment.Api.Tests.Excel;
using Investment.Api.Tests.Infrastructure;
using Investment.Domain;
using Xunit.Abstractions;

namespace Investment.Api.Tests.Features.Exports;

/// <summary>The detail sheet without a database: a big one streams through, a small one reads back right.</summary>
public sealed class ProjectDetailSheetTests(ITestOutputHelper output)
{
    private static readonly ProjectDetailHeading Heading = new("全国", new ReportingMonth(2023, 12), "all");

    [Fact]
    public async Task TwoHundredThousandRows_StreamThrough()
    {
        const int count = 200_000;
        var path = Path.Combine(Path.GetTempPath(), $"detail-{Guid.NewGuid():N}.xlsx");
        try
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            int written;
            await using (var file = File.Create(path))
            {
                written = await ProjectDetailSheet.WriteAsync(file, Heading, Rows(count).ToAsyncEnumerable(), CancellationToken.None);
            }
            watch.Stop();
            // CPU time of the whole process (other test classes run in parallel): an upper bound, and less hostage to a busy machine.
            var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            output.WriteLine($"wrote {count} rows in {watch.Elapsed.TotalSeconds:F2} s ({cpuUsed.TotalSeconds:F2} s CPU), {new FileInfo(path).Length / 1e6:F1} MB");
            Assert.Equal(count, written);

            watch.Restart();
            await using var read = File.OpenRead(path);
            using var book = new XlsxReadBack(read);
            Assert.Equal(count + 3, book.CountRowsStreaming()); // title, unit line, header
            output.WriteLine($"counted the rows back in {watch.Elapsed.TotalSeconds:F2} s");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ARow_ReadsBack_WithModeLabelCompletionAndEmptyMissingFigures()
    {
        var stream = new MemoryStream();
        var heading = Heading with { Issuer = "制表单位：诸暨市交通运输局　制表日期：2024年1月5日" };
        ProjectDetailSheet.Write(stream, heading,
        [
            // Linear plan: December's time-elapsed progress is 1; 229,000 of 210,000 is 109.0%, 9.0 points ahead, green.
            new ProjectDetailRow("诸暨市", "ZJ-KEZHU", "柯诸高速公路诸暨段", "expressway", "柯诸高速公路诸暨段", 210000m, 32060m, 229000m, 68.8m,
                "=预制梁场生产T梁39片", "-", PreviousYtd: 200000m),
            new ProjectDetailRow("诸暨市", "ZJ-CLXT", "车路协同", "other", "诸暨段", null, null, null, null, null, null),
        ]);
        using var book = new XlsxReadBack(stream);
        Assert.Equal(heading.Issuer, book.Text("A2"));
        Assert.Equal("单位：万元　红色：严重滞后　黄色：滞后", book.Text("A3"));
        ExportEndpointsTests.AssertRow(["区县", "项目编码", "项目名称", "方式", "标段", "年度计划(万元)", "本月完成(万元)", "1-12月累计(万元)", "完成率",
            "序时进度", "进度差(百分点)", "同比增长", "形象进度(%)", "进展情况", "存在问题"], book.Values(4)[0]);
        var rows = book.Values(5);
        var completion = Rates.Of(229000m, 210000m);
        ExportEndpointsTests.AssertRow(["诸暨市", "ZJ-KEZHU", "柯诸高速公路诸暨段", "高速公路", "柯诸高速公路诸暨段", "210000", "32060", "229000"],
            rows[0][..8]);
        Assert.Equal(new[] { completion, 1m, (completion - 1m) * 100m, Rates.Of(29000m, 200000m), 68.8m }, rows[0][8..13].Select(Dec));
        ExportEndpointsTests.AssertRow(["=预制梁场生产T梁39片", "-"], rows[0][13..]);
        ExportEndpointsTests.AssertRow(["诸暨市", "ZJ-CLXT", "车路协同", "其他", "诸暨段", null, null, null, null, null, null, null, null, null, null],
            rows[1]);
        Assert.Equal("#,##0.00", book.NumberFormat("F5"));
        Assert.Equal("0.0", book.NumberFormat("K5"));
        Assert.Null(book.FillArgb("A5"));
        Assert.True(book.Format("N5").Alignment?.WrapText?.Value);
        Assert.Equal(ProjectDetailSheet.NarrativeWidth, book.ColumnWidth(13));
    }

    [Theory]
    [InlineData(0.85, Api.Excel.XlsxStyles.RedFillArgb)]    // 15 points behind a linear December: red
    [InlineData(0.93, Api.Excel.XlsxStyles.YellowFillArgb)] // 7 points behind: yellow
    [InlineData(0.96, null)]                                // 4 points behind: green, not filled
    public void LaggingRows_AreFilled_AsTheThresholdsSay(double share, string? fill)
    {
        var stream = new MemoryStream();
        var ytd = 1000m * (decimal)share;
        ProjectDetailSheet.Write(stream, Heading,
            [new ProjectDetailRow("诸暨市", "P-1", "项目", "expressway", "一标", 1000m, null, ytd, null, null, null)]);
        using var book = new XlsxReadBack(stream);
        Assert.Equal(fill, book.FillArgb("A4"));
    }

    [Fact]
    public void AProfiledPlan_SetsTheTimeElapsedProgress_AsTheFiguresDo()
    {
        // Half the plan due in the first quarter: by June 65% of it, not 6/12; the sheet reads the profile.
        decimal[] profile = [200, 150, 150, 50, 50, 50, 50, 50, 50, 50, 50, 100];
        var row = new ProjectDetailRow("诸暨市", "P-1", "项目", "expressway", "一标", 1000m, null, 500m, null, null, null, 400m, profile);
        var heading = new ProjectDetailHeading("诸暨市", new ReportingMonth(2023, 6), "all");
        var expected = Domain.Figures.InvestmentFigures.ForSection(
            new Domain.Figures.SectionFigureInput(1000m, profile, 0m, 500m, 500m, 400m), heading.Period, heading.Thresholds);
        var rates = ProjectDetailSheet.Rates(row, heading);
        Assert.Equal(0.65m, rates.TimeElapsedProgress);
        Assert.Equal((expected.CompletionRate, expected.TimeElapsedProgress, expected.Lag, expected.LagStatus, expected.YoyGrowth),
            (rates.CompletionRate, rates.TimeElapsedProgress, rates.Lag, rates.LagStatus, rates.YoyGrowth));
        Assert.Equal(Api.Excel.XlsxTone.Red, ProjectDetailSheet.Tone(rates));
    }

    [Fact]
    public void ALongList_PrintsLandscape_At75Percent_WithTheHeaderAndTheNamesRepeated()
    {
        var stream = new MemoryStream();
        ProjectDetailSheet.Write(stream, Heading, Rows(30));
        using var book = new XlsxReadBack(stream);
        var setup = book.Sheet().Elements<DocumentFormat.OpenXml.Spreadsheet.PageSetup>().Single();
        Assert.Equal(DocumentFormat.OpenXml.Spreadsheet.OrientationValues.Landscape, setup.Orientation?.Value);
        Assert.Equal(75u, setup.Scale?.Value);
        Assert.Null(setup.FitToWidth);
        Assert.Equal("'项目明细'!$A:$C,'项目明细'!$3:$3", book.DefinedName("_xlnm.Print_Titles"));
        // The title centred over the names and figures (the first page across), not over the narratives too.
        Assert.Contains("A1:M1", book.MergedRanges());
        // A narrative of two lines makes its row two lines tall: LibreOffice would show the first line only.
        Assert.Equal(2 * Api.Excel.XlsxRowHeights.LinePoints, book.Rows().Single(r => r.RowIndex!.Value == 4).Height?.Value);
    }

    private static decimal Dec(string? text) => decimal.Parse(text!, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);

    internal static IEnumerable<ProjectDetailRow> Rows(int count)
    {
        string[] counties = ["诸暨市", "温岭市", "沂源县", "柯桥区"];
        string[] modes = ["expressway", "trunk_highway", "rural_road", "railway"];
        for (var i = 0; i < count; i++)
        {
            yield return new ProjectDetailRow(counties[i % 4], $"P-{i:D6}", $"第{i}号公路改建工程", modes[i % 4], $"第{i % 7}标段",
                1000m + i, 12.5m + (i % 100), 150.1234m + i, (i % 1000) / 10m, "路基土石方施工，完成填方4万立方米，桥梁桩基完成12根，涵洞2道", i % 3 == 0 ? "政策处理：青苗问题待处置" : null);
        }
    }
}
