using DocumentFormat.OpenXml.Spreadsheet;
using Investment.Api.Excel;
using Investment.Api.Features.Exports;
using Investment.Api.Tests.Excel;
using Investment.Domain;

namespace Investment.Api.Tests.Features.Exports;

/// <summary>The list sheets on either side of <see cref="XlsxWorkbooks.FormattedMaxRows"/>: the same head, either writer.</summary>
public sealed class LandIssueSheetTests
{
    private static readonly LandIssueHeading Heading = new("绍兴市", "all", new DateOnly(2024, 1, 20))
    {
        Issuer = XlsxSheetLayout.IssuedBy("绍兴市交通运输局", new DateOnly(2024, 1, 20)),
        Counts = new LandIssueCounts(387, 364, 23, 22, 0.940568m),
    };

    [Fact]
    public void AListAboveTheThreshold_IsStreamed_WithTheSameHeadAndSummary()
    {
        using var small = Write(Rows(3));
        using var big = Write(Rows(XlsxWorkbooks.FormattedMaxRows + 1));

        // ClosedXML writes shared strings; the streaming writer inline strings: which writer wrote each.
        Assert.NotEqual(CellValues.InlineString, small.Cell("A1")!.DataType?.Value);
        Assert.Equal(CellValues.InlineString, big.Cell("A1")!.DataType?.Value);

        // Title, 制表单位, unit line, the summary's labels, values and blank row: the header is row 7.
        const int header = 7;
        foreach (var book in new[] { small, big })
        {
            Assert.Equal(LandIssueSheet.Title(Heading), book.Text("A1"));
            Assert.Equal(Heading.Issuer, book.Text("A2"));
            Assert.Equal("截至 2024-01-20　红色：逾期未解决", book.Text("A3"));
            ExportEndpointsTests.AssertRow(["排查", "已解决", "未解决", "逾期", "解决率"], book.Values(4)[0][..5]);
            Assert.Equal(new decimal?[] { 387, 364, 23, 22, 0.940568m }, new[] { "A5", "B5", "C5", "D5", "E5" }.Select(c => book.Number(c)));
            Assert.Equal("0.0%", book.NumberFormat("E5"));
            Assert.Equal("区县", book.Text($"A{header}"));
            Assert.Equal("逾期未解决", book.Text($"J{header + 1}"));
            Assert.Equal(XlsxStyles.RedFillArgb, book.FillArgb($"A{header + 1}"));
            Assert.True(book.Format($"F{header + 1}").Alignment?.WrapText?.Value);
            // ClosedXML adds its padding to a width (60 is written 60.71).
            Assert.InRange(book.ColumnWidth(5)!.Value, LandIssueSheet.DescriptionWidth, LandIssueSheet.DescriptionWidth + 1);
            Assert.Contains("A1:K1", book.MergedRanges());
            // The description wraps to two lines at 40: both writers make the row two lines tall.
            Assert.Equal(2 * XlsxRowHeights.LinePoints, book.Rows().Single(r => r.RowIndex!.Value == header + 1).Height?.Value);
            Assert.Equal((double)header, book.Pane()!.VerticalSplit!.Value);
        }
        Assert.Equal(small.Values(header)[0], big.Values(header)[0]);
        Assert.Equal(small.Values(header + 1)[0], big.Values(header + 1)[0]);
    }

    [Fact]
    public void DataQuality_AboveTheThreshold_IsStreamed_AndWrapsTheChineseText()
    {
        var rows = Enumerable.Range(0, XlsxWorkbooks.FormattedMaxRows + 1)
            .Select(i => new DataQualityRow("missing_month", "诸暨市", "柯诸高速公路诸暨段", "一标", "English", $"第{i}条：2023年11月没有已审核的月报。"))
            .ToList();
        foreach (var count in new[] { 2, rows.Count })
        {
            var stream = new MemoryStream();
            DataQualitySheet.Write(stream, new DataQualityHeading("诸暨市", new ReportingMonth(2023, 12)), rows.Take(count).ToList());
            using var book = new XlsxReadBack(stream);
            Assert.Equal("第0条：2023年11月没有已审核的月报。", book.Text("E4"));
            Assert.True(book.Format("E4").Alignment?.WrapText?.Value);
            Assert.InRange(book.ColumnWidth(4)!.Value, DataQualitySheet.MessageWidth, DataQualitySheet.MessageWidth + 1);
        }
    }

    private static XlsxReadBack Write(IReadOnlyCollection<LandIssueRow> rows)
    {
        var stream = new MemoryStream();
        LandIssueSheet.Write(stream, Heading, rows);
        return new XlsxReadBack(stream);
    }

    private static List<LandIssueRow> Rows(int count) => Enumerable.Range(0, count)
        .Select(i => new LandIssueRow("诸暨市", "G235诸暨段", i % 2 == 0 ? "G235诸暨段" : "一标段", "店口镇", "power_tower",
            $"110kV电力塔基迁改第{i}处，涉及线路改线及杆塔基础拆除，需供电公司排期停电后施工",
            new DateOnly(2023, 6, 1), new DateOnly(2023, 9, 30), null, "国网诸暨市供电公司"))
        .ToList();
}
