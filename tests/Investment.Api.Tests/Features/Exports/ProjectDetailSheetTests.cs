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
        ProjectDetailSheet.Write(stream, Heading,
        [
            new ProjectDetailRow("诸暨市", "ZJ-KEZHU", "柯诸高速公路诸暨段", "expressway", "柯诸高速公路诸暨段", 210000m, 32060m, 229000m, 68.8m,
                "=预制梁场生产T梁39片", "-"),
            new ProjectDetailRow("诸暨市", "ZJ-CLXT", "车路协同", "other", "诸暨段", null, null, null, null, null, null),
        ]);
        using var book = new XlsxReadBack(stream);
        var rows = book.Values(4);
        ExportEndpointsTests.AssertRow(["诸暨市", "ZJ-KEZHU", "柯诸高速公路诸暨段", "高速公路", "柯诸高速公路诸暨段", "210000", "32060", "229000",
            Rates.Of(229000m, 210000m).ToString(System.Globalization.CultureInfo.InvariantCulture), "68.8", "=预制梁场生产T梁39片", "-"], rows[0]);
        ExportEndpointsTests.AssertRow(["诸暨市", "ZJ-CLXT", "车路协同", "其他", "诸暨段", null, null, null, null, null, null, null], rows[1]);
        Assert.Equal("1-12月累计(万元)", book.Text("H3"));
        Assert.Equal("单位：万元", book.Text("A2"));
    }

    internal static IEnumerable<ProjectDetailRow> Rows(int count)
    {
        string[] counties = ["诸暨市", "温岭市", "沂源县", "柯桥区"];
        string[] modes = ["expressway", "trunk_highway", "rural_road", "railway"];
        for (var i = 0; i < count; i++)
        {
            yield return new ProjectDetailRow(counties[i % 4], $"P-{i:D6}", $"第{i}号公路改建工程", modes[i % 4], $"第{i % 7}标段",
                1000m + i, 12.5m + (i % 100), 150.1234m + i, (i % 1000) / 10m, "路基土石方施工，完成填方4万立方米", i % 3 == 0 ? "政策处理：青苗问题待处置" : null);
        }
    }
}
