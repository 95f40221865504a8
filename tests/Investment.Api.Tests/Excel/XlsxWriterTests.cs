using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml.Spreadsheet;
using Investment.Api.Excel;

namespace Investment.Api.Tests.Excel;

/// <summary>
/// The plumbing alone, no database: write a workbook to memory, reopen it with the SDK, read it back. The theories run
/// against both writers (formatted: ClosedXML's <see cref="XlsxBook"/>; else the streaming <see cref="XlsxWriter"/>),
/// which render one layout and one stylesheet.
/// </summary>
public sealed class XlsxWriterTests
{
    private static readonly XlsxColumn[] Columns =
    [
        new("排名", XlsxStyle.WholeNumber),
        new("县（市、区）", XlsxStyle.Text),
        new("1-12月完成", XlsxStyle.Yi),
        new("完成率", XlsxStyle.Rate),
        new("本月完成(万元)", XlsxStyle.Wan),
        new("发现日期", XlsxStyle.Date),
    ];

    private static MemoryStream Write(Action<IXlsxSheet> rows, XlsxSheetLayout? layout = null, bool formatted = false)
    {
        var stream = new MemoryStream();
        using (IXlsxWorkbook xlsx = formatted ? XlsxBook.Create(stream) : XlsxWriter.Create(stream))
        {
            var sheet = xlsx.AddSheet(layout ?? new XlsxSheetLayout("排名", Columns) { Title = "绍兴市 2023年1-12月 排名", Subtitle = "单位：亿元" });
            rows(sheet);
            xlsx.Complete();
        }
        return stream;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Values_AreTypedCells_WithTheirNumberFormats(bool formatted)
    {
        using var stream = Write(sheet =>
        {
            sheet.WriteRow([XlsxCell.Number(1), XlsxCell.Text("诸暨市"), XlsxCell.Number(615000m / 10000m), XlsxCell.Number(1.543m),
                XlsxCell.Number(670.6135m), XlsxCell.Date(new DateOnly(2023, 1, 3))]);
        }, formatted: formatted);
        using var book = new XlsxReadBack(stream);

        Assert.Equal("绍兴市 2023年1-12月 排名", book.Text("A1"));
        Assert.Equal("单位：亿元", book.Text("A2"));
        Assert.Equal("县（市、区）", book.Text("B3"));
        Assert.Equal(1m, book.Number("A4"));
        Assert.Equal("诸暨市", book.Text("B4"));
        Assert.Equal(61.5m, book.Number("C4"));
        Assert.Equal(1.543m, book.Number("D4"));
        Assert.Equal(670.6135m, book.Number("E4"));
        Assert.Equal(44929m, book.Number("F4")); // 2023-01-03 as Excel's date serial

        Assert.Equal("0", book.NumberFormat("A4"));
        Assert.Equal("#,##0.00", book.NumberFormat("C4"));
        Assert.Equal("0.0%", book.NumberFormat("D4"));
        Assert.Equal("#,##0.00", book.NumberFormat("E4")); // 万元 shown to two decimals, the cell exact to the yuan
        Assert.Equal("yyyy-mm-dd", book.NumberFormat("F4"));
        Assert.True(book.IsString("B4"));
    }

    [Fact]
    public void Stylesheet_StartsWithThePlaceholderFills_AndCustomFormatsFrom164()
    {
        using var stream = Write(_ => { });
        using var book = new XlsxReadBack(stream);
        var styles = XlsxStyles.Create();
        var fills = styles.Fills!.Elements<Fill>().Select(f => f.PatternFill!.PatternType!.Value).ToList();
        Assert.Equal(PatternValues.None, fills[0]);
        Assert.Equal(PatternValues.Gray125, fills[1]);
        Assert.All(styles.NumberingFormats!.Elements<NumberingFormat>(), f => Assert.True(f.NumberFormatId!.Value >= 164));
        Assert.Equal(XlsxStyles.Looks.Count, styles.CellFormats!.Elements<CellFormat>().Count());
        Assert.Equal(5 + (Enum.GetValues<XlsxStyle>().Length * Enum.GetValues<XlsxTone>().Length), XlsxStyles.Looks.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TitleAndHeader_AreStyled_Merged_Frozen_AndFiltered(bool formatted)
    {
        using var stream = Write(sheet =>
        {
            sheet.WriteRow([XlsxCell.Number(1), XlsxCell.Text("诸暨市")]);
            sheet.WriteRow([XlsxCell.Number(2), XlsxCell.Text("柯桥区")]);
        }, formatted: formatted);
        using var book = new XlsxReadBack(stream);

        Assert.Equal(["A1:F1", "A2:F2"], book.MergedRanges().Order(StringComparer.Ordinal));
        Assert.True(book.IsBold("A1"));
        Assert.Equal(HorizontalAlignmentValues.Center, book.Format("A1").Alignment!.Horizontal!.Value);
        Assert.True(book.IsBold("A3"));
        Assert.Equal(XlsxStyles.HeaderFillArgb, book.FillArgb("A3"));
        Assert.True(book.Format("A3").Alignment!.WrapText!.Value);

        var pane = book.Pane()!;
        Assert.Contains(pane.State!.Value, new[] { PaneStateValues.Frozen, PaneStateValues.FrozenSplit }); // ClosedXML writes frozenSplit
        Assert.Equal(3d, pane.VerticalSplit!.Value); // ySplit: rows 1-3 (title, unit, header) stay put
        Assert.Equal("A4", pane.TopLeftCell!.Value);

        Assert.Equal("A3:F5", book.AutoFilter());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TheWorkbook_PassesTheSdkSchemaValidator(bool formatted)
    {
        using var stream = Write(sheet =>
        {
            sheet.WriteRow([XlsxCell.Number(1), XlsxCell.Text("诸暨市"), XlsxCell.Number(61.5m), XlsxCell.Number(1.543m), XlsxCell.Number(670.6135m),
                XlsxCell.Date(new DateOnly(2023, 1, 3))]);
            sheet.WriteRow([XlsxCell.Number(2), XlsxCell.Text(" =1+1\u0001 ")], XlsxTone.Red);
        }, new XlsxSheetLayout("排名", Columns)
        {
            Title = "标题", Issuer = XlsxSheetLayout.IssuedBy("绍兴市交通运输局", new DateOnly(2026, 12, 5)), Subtitle = "单位：亿元",
            Summary = [new XlsxSummaryItem("排查", XlsxCell.Number(200), XlsxStyle.WholeNumber)],
        }, formatted);
        using var book = new XlsxReadBack(stream);
        Assert.Empty(book.ValidationErrors());
    }

    [Fact]
    public async Task AFailureHalfWay_SurfacesAsItself_NotAsAPackagingError()
    {
        static async IAsyncEnumerable<Investment.Api.Features.Exports.ProjectDetailRow> FailingRows()
        {
            foreach (var row in Features.Exports.ProjectDetailSheetTests.Rows(20_000))
            {
                await Task.Yield();
                if (row.ProjectCode == "P-015000")
                {
                    throw new InvalidOperationException("the database went away");
                }
                yield return row;
            }
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Investment.Api.Features.Exports.ProjectDetailSheet.WriteAsync(
            new MemoryStream(), new("全国", new Investment.Domain.ReportingMonth(2023, 12), "all"), FailingRows(), CancellationToken.None));
        Assert.Equal("the database went away", error.Message);
    }

    [Fact]
    public void WorksheetChildren_AreInSchemaOrder()
    {
        using var stream = Write(sheet => sheet.WriteRow([XlsxCell.Number(1)]));
        using var book = new XlsxReadBack(stream);
        var order = book.Sheet().ChildElements.Select(e => e.LocalName).ToList();
        Assert.Equal(["sheetPr", "sheetViews", "sheetFormatPr", "cols", "sheetData", "autoFilter", "mergeCells", "pageMargins", "pageSetup", "headerFooter"],
            order);
        Assert.Equal("&C第 &P 页 共 &N 页", book.Sheet().Descendants<OddFooter>().Single().Text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TonedRows_AreFilledAcrossTheWholeRow_KeepingEachColumnsFormat(bool formatted)
    {
        using var stream = Write(sheet =>
        {
            sheet.WriteRow([XlsxCell.Number(1), XlsxCell.Text("绿"), XlsxCell.Number(1m), XlsxCell.Number(0.9m)]);
            sheet.WriteRow([XlsxCell.Number(2), XlsxCell.Text("红"), XlsxCell.Number(1m), XlsxCell.Number(0.5m)], XlsxTone.Red);
            sheet.WriteRow([XlsxCell.Number(3), XlsxCell.Text("黄"), XlsxCell.Number(1m), XlsxCell.Number(0.7m)], XlsxTone.Yellow);
            sheet.WriteRow([XlsxCell.Empty, XlsxCell.Text("合计"), XlsxCell.Number(3m), XlsxCell.Number(0.7m)], XlsxTone.Total);
        }, formatted: formatted);
        using var book = new XlsxReadBack(stream);

        foreach (var column in "ABCDEF")
        {
            Assert.Null(book.FillArgb($"{column}4"));
            Assert.Equal(XlsxStyles.RedFillArgb, book.FillArgb($"{column}5")); // empty cells E5, F5 too: the whole row is red
            Assert.Equal(XlsxStyles.YellowFillArgb, book.FillArgb($"{column}6"));
            Assert.Equal(XlsxStyles.TotalFillArgb, book.FillArgb($"{column}7"));
        }
        Assert.True(book.IsBold("B7"));
        Assert.False(book.IsBold("B6"));
        Assert.Equal("0.0%", book.NumberFormat("D5"));
        Assert.Equal("#,##0.00", book.NumberFormat("C6"));
        Assert.Equal("0.0%", book.NumberFormat("D7"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TheHead_HasIssuerUnitAndSummary_AboveTheHeader_AndEveryPageIsNumbered(bool formatted)
    {
        var layout = new XlsxSheetLayout("政策处理", Columns)
        {
            Title = "诸暨市 政策处理问题清单",
            Issuer = XlsxSheetLayout.IssuedBy("诸暨市交通运输局", new DateOnly(2026, 12, 5)),
            Subtitle = "截至 2026-12-05",
            Summary = [new("排查", XlsxCell.Number(200), XlsxStyle.WholeNumber), new("解决率", XlsxCell.Number(0.965m), XlsxStyle.Rate)],
        };
        using var stream = Write(sheet => sheet.WriteRow([XlsxCell.Number(1), XlsxCell.Text("甲")]), layout, formatted);
        using var book = new XlsxReadBack(stream);

        Assert.Equal("制表单位：诸暨市交通运输局　制表日期：2026年12月5日", book.Text("A2"));
        Assert.Equal("截至 2026-12-05", book.Text("A3"));
        Assert.Equal(("排查", "解决率"), (book.Text("A4"), book.Text("B4")));
        Assert.Equal(200m, book.Number("A5"));
        Assert.Equal("0.0%", book.NumberFormat("B5"));
        Assert.Equal(7, layout.HeaderRow); // a blank row 6 between the summary and the list
        Assert.Equal("排名", book.Text("A7"));
        Assert.Equal(1m, book.Number("A8"));
        Assert.Equal(["A1:F1", "A2:F2", "A3:F3"], book.MergedRanges().Order(StringComparer.Ordinal));
        Assert.Equal(7d, book.Pane()!.VerticalSplit!.Value);
        Assert.Equal("第 &P 页 共 &N 页", book.Sheet().Descendants<OddFooter>().Single().Text![2..]);
        Assert.Equal(OrientationValues.Landscape, book.Sheet().Descendants<PageSetup>().Single().Orientation!.Value);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AWideList_PrintsAtItsScale_WithColumnsRepeated_TitleOverTheFirstColumns_AndWrappedRowsTall(bool formatted)
    {
        var layout = new XlsxSheetLayout("明细",
        [
            new XlsxColumn("项目", XlsxStyle.Text), new XlsxColumn("计划", XlsxStyle.Wan), new XlsxColumn("进展情况", XlsxStyle.WrappedText, 12),
        ])
        {
            Title = "诸暨市 项目明细", FitToPageWidth = false, PrintScale = 75, RepeatColumns = 1, HeadColumns = 2,
        };
        using var stream = Write(sheet =>
        {
            sheet.WriteRow([XlsxCell.Text("甲"), XlsxCell.Number(1), XlsxCell.Text("路基土石方施工完成填方四万立方米")]); // 16 CJK, 5 a line at 12: 4 lines
            sheet.WriteRow([XlsxCell.Text("乙"), XlsxCell.Number(2), XlsxCell.Text("正常")]);
        }, layout, formatted);
        using var book = new XlsxReadBack(stream);

        Assert.Equal(75u, book.Sheet().Descendants<PageSetup>().Single().Scale!.Value);
        // ClosedXML leaves out the $ signs and the quotes; Excel reads both.
        Assert.Equal("明细!A:A,明细!2:2", book.DefinedName("_xlnm.Print_Titles")?.Replace("$", "", StringComparison.Ordinal).Replace("'", "", StringComparison.Ordinal));
        Assert.Equal(["A1:B1"], book.MergedRanges());
        var heights = book.Rows().ToDictionary(r => r.RowIndex!.Value, r => r.Height?.Value);
        Assert.Equal(4 * XlsxRowHeights.LinePoints, heights[3]);
        Assert.True(heights[4] is null or XlsxRowHeights.LinePoints);
        Assert.True(book.Format("C3").Alignment?.WrapText?.Value);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ANarrowTable_IsWidenedUntilItsTitleFits(bool formatted)
    {
        var layout = new XlsxSheetLayout("窄", [new XlsxColumn("方式", XlsxStyle.Text), new XlsxColumn("占比", XlsxStyle.Rate)])
        {
            Title = "绍兴市 2023年1-12月 交通投资（全口径） 分方式完成情况",
        };
        using var stream = Write(sheet => sheet.WriteRow([XlsxCell.Text("公路"), XlsxCell.Number(0.5m)]), layout, formatted);
        using var book = new XlsxReadBack(stream);

        var titleWidth = XlsxText.DisplayWidth(layout.Title) * XlsxStyles.Title.FontSize / XlsxStyles.BodyFontSize;
        Assert.True(book.ColumnWidth(0)!.Value + book.ColumnWidth(1)!.Value >= titleWidth);
    }

    [Fact]
    public void TheFormattedWriter_KeepsFormulaLikeTextAsText()
    {
        using var stream = Write(sheet =>
        {
            foreach (var text in (string[])["=1+1", "+1+1", "-1+1", "@SUM(1,1)", "=cmd|' /C calc'!A0", "0012", "2023-01-03"])
            {
                sheet.WriteRow([XlsxCell.Number(1), XlsxCell.Text(text)]);
            }
        }, formatted: true);
        using var book = new XlsxReadBack(stream);

        Assert.Empty(book.Sheet().Descendants<CellFormula>());
        Assert.Equal(["=1+1", "+1+1", "-1+1", "@SUM(1,1)", "=cmd|' /C calc'!A0", "0012", "2023-01-03"],
            Enumerable.Range(4, 7).Select(r => book.Text($"B{r}")));
        Assert.All(Enumerable.Range(4, 7), r => Assert.True(book.IsString($"B{r}")));
    }

    [Theory]
    [InlineData("=1+1")]
    [InlineData("=HYPERLINK(\"http://evil.example\",\"点击\")")]
    [InlineData("+86 571 1234")]
    [InlineData("-3")]
    [InlineData("@SUM(A1:A2)")]
    [InlineData("\t=1+1")]
    [InlineData("\r=1+1")]
    [InlineData("=cmd|' /C calc'!A0")]
    public void FormulaLikeText_IsStoredAsAPlainString_NeverAFormula(string text)
    {
        using var stream = Write(sheet => sheet.WriteRow([XlsxCell.Number(1), XlsxCell.Text(text)]));
        using var book = new XlsxReadBack(stream);

        var cell = book.Cell("B4")!;
        Assert.True(book.IsString("B4"));
        Assert.Null(cell.CellFormula);
        Assert.Empty(book.Sheet().Descendants<CellFormula>());
        // Nothing visible was prefixed; a lone CR is kept the way Excel keeps it (_x000D_), as the raw XML would lose it.
        Assert.Equal(text.Replace("\r", "_x000D_", StringComparison.Ordinal), book.Text("B4"));
    }

    [Fact]
    public void TextThatXmlCannotCarry_IsEscapedTheExcelWay_AndRoundTrips()
    {
        using var stream = Write(sheet =>
        {
            sheet.WriteRow([XlsxCell.Number(1), XlsxCell.Text("a\u0001b")]);
            sheet.WriteRow([XlsxCell.Number(2), XlsxCell.Text("_x0041_")]);
            sheet.WriteRow([XlsxCell.Number(3), XlsxCell.Text("  两头有空格 ")]);
            sheet.WriteRow([XlsxCell.Number(4), XlsxCell.Text(new string('长', XlsxText.MaxCellLength + 10))]);
            sheet.WriteRow([XlsxCell.Number(5), XlsxCell.Text("第一行\r\n第二行\r第三段")]);
        });
        using var book = new XlsxReadBack(stream);

        Assert.Equal("a_x0001_b", book.Text("B4"));
        Assert.Equal("_x005F_x0041_", book.Text("B5"));
        Assert.Equal("  两头有空格 ", book.Text("B6"));
        Assert.Equal(XlsxText.MaxCellLength, book.Text("B7")!.Length);
        Assert.Equal("第一行\n第二行_x000D_第三段", book.Text("B8"));
    }

    [Fact]
    public void ColumnWidths_FitTheLongestText_CjkCountingDouble_CappedAt60()
    {
        using var stream = Write(sheet =>
        {
            sheet.WriteRow([XlsxCell.Number(1), XlsxCell.Text("柯诸高速公路诸暨段"), XlsxCell.Text("短")]); // 9 CJK = 18
            sheet.WriteRow([XlsxCell.Number(12345), XlsxCell.Text("ab"), XlsxCell.Text(new string('x', 500))]);
        }, new XlsxSheetLayout("宽度", [new XlsxColumn("排名", XlsxStyle.WholeNumber), new XlsxColumn("项目", XlsxStyle.Text),
            new XlsxColumn("说明", XlsxStyle.Text)]));
        using var book = new XlsxReadBack(stream);

        Assert.Equal(7d, book.ColumnWidth(0)); // "12345" (5) beats "排名" (4), + 2 padding
        Assert.Equal(20d, book.ColumnWidth(1)); // 18 + 2
        Assert.Equal(60d, book.ColumnWidth(2)); // capped
    }

    [Fact]
    public void ColumnWidths_ComeFromTheSample_RowsAfterItStreamThrough()
    {
        var layout = new XlsxSheetLayout("抽样", [new XlsxColumn("项目", XlsxStyle.Text)]) { WidthSampleRows = 2 };
        using var stream = Write(sheet =>
        {
            sheet.WriteRow([XlsxCell.Text("一二三")]);
            sheet.WriteRow([XlsxCell.Text("一二三四五")]);
            sheet.WriteRow([XlsxCell.Text("一二三四五六七八九十")]); // after the sample: written, not measured
            Assert.Equal(3, sheet.RowCount);
        }, layout);
        using var book = new XlsxReadBack(stream);

        Assert.Equal(12d, book.ColumnWidth(0));
        Assert.Equal("一二三四五六七八九十", book.Text("A4"));
        Assert.Equal("A1:A4", book.AutoFilter());
        Assert.Empty(book.MergedRanges()); // one column: nothing to merge, and no title here
    }

    [Fact]
    public void AnEmptySheet_StillHasItsHeaderAndFilter()
    {
        using var stream = Write(_ => { });
        using var book = new XlsxReadBack(stream);
        Assert.Equal("排名", book.Text("A3"));
        Assert.Equal("A3:F3", book.AutoFilter());
        Assert.Equal(3, book.Rows().Count);
    }

    [Fact]
    public void SeveralSheets_EachGetTheirOwnFilterNameAndPrintTitles()
    {
        var stream = new MemoryStream();
        using (var xlsx = XlsxWriter.Create(stream))
        {
            xlsx.AddSheet(new XlsxSheetLayout("甲", Columns)).Complete();
            var second = xlsx.AddSheet(new XlsxSheetLayout("乙's", Columns) { Title = "标题" });
            second.WriteRow([XlsxCell.Number(1)]);
            xlsx.Complete();
        }
        using var book = new XlsxReadBack(stream);
        Assert.Equal(["甲", "乙's"], book.SheetNames);
        Assert.Equal("A2:F3", book.AutoFilter(1));
        var workbookXml = ReadEntry(stream, "xl/workbook.xml");
        Assert.Contains("'乙''s'!$A$2:$F$3", workbookXml, StringComparison.Ordinal);
        Assert.Contains("_xlnm.Print_Titles", workbookXml, StringComparison.Ordinal);
    }

    [Fact]
    public void AddingASheetBeforeCompletingThePrevious_IsRefused()
    {
        using var xlsx = XlsxWriter.Create(new MemoryStream());
        var first = xlsx.AddSheet(new XlsxSheetLayout("甲", Columns));
        Assert.Throws<InvalidOperationException>(() => xlsx.AddSheet(new XlsxSheetLayout("乙", Columns)));
        first.Complete();
        Assert.Throws<ArgumentException>(() => xlsx.AddSheet(new XlsxSheetLayout("a/b", Columns)));
        Assert.Throws<ArgumentException>(() => xlsx.AddSheet(new XlsxSheetLayout("甲", Columns)));
    }

    [Fact]
    public void NumbersAreWrittenInvariantly_WhateverTheThreadCulture()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            using var stream = Write(sheet => sheet.WriteRow([XlsxCell.Number(1), XlsxCell.Text("x"), XlsxCell.Number(1234.5m)]));
            var xml = ReadEntry(stream, "xl/worksheets/");
            Assert.Contains(">1234.5<", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("1234,5", xml, StringComparison.Ordinal);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    private static string ReadEntry(MemoryStream stream, string name)
    {
        using var zip = new ZipArchive(new MemoryStream(stream.ToArray()), ZipArchiveMode.Read);
        // A name ending in '/' means the first part in that folder (the SDK picks the worksheet part names).
        var entry = zip.Entries.First(e => name.EndsWith('/') ? e.FullName.StartsWith(name, StringComparison.Ordinal) && !e.FullName.Contains("_rels", StringComparison.Ordinal) : e.FullName == name);
        using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
