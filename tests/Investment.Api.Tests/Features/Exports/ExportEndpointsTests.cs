using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Investment.Api.Data;
using Investment.Api.Excel;
using Investment.Api.Tests.Excel;
using Investment.Api.Tests.Infrastructure;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Tests.Features.Exports;

/// <summary>
/// The five exports through HTTP on the seed. The roll-up tables are filled directly here (the roll-up job is not
/// what is under test), with known figures: a tie for second place, a red-lag county, 温岭's modes.
/// </summary>
public sealed class ExportEndpointsTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    [Fact]
    public async Task CountyRanking_TitleRanksTiesMoneyRatesAndLagFills()
    {
        await EnsureRollupAsync();
        var response = await api.Client.GetAsync("/api/v1/exports/county-ranking?regionCode=330600&period=2023-12&scope=effective&rankBy=ytd");
        using var book = await OpenAsync(response);

        Assert.Equal("绍兴市 2023年1-12月 交通有效投资 县（市、区）排名（按完成投资）", book.Text("A1"));
        Assert.Equal("制表单位：绍兴市交通运输局　制表日期：2024年1月20日", book.Text("A2")); // the test clock's day
        Assert.StartsWith("单位：亿元", book.Text("A3"), StringComparison.Ordinal);
        Assert.Equal(["A1:L1", "A2:L2", "A3:L3"], book.MergedRanges());
        AssertRow(["排名", "县（市、区）", "年度计划", "1-12月完成", "完成率", "年度任务", "完成年度任务%", "序时进度", "进度差(百分点)", "去年同期", "同比增长",
                "预计全年完成"],
            book.Values(4)[0]);

        var rows = book.Values(5);
        // Competition ranking 1, 2, 2, 4; the tie in region-code order (越城 330602 before 柯桥 330603). Every child of the
        // city is listed: 上虞 (a roll-up row, but no plan: the roll-up ranked it 5th on what it did) and 新昌 (no row at
        // all) as 无计划 and unranked; then the city's total.
        Assert.Equal(["1", "2", "2", "4", null, null, null], rows.Select(r => r[0]));
        Assert.Equal(["诸暨市", "越城区", "柯桥区", "嵊州市", "上虞区", "新昌县", "全市合计"], rows.Select(r => r[1]));
        Assert.Equal(HorizontalAlignmentValues.Center, book.Format("A5").Alignment?.Horizontal?.Value); // ranks centred

        // 诸暨: its sections' plans 450000万元 → 45亿, YTD 614000万元 → 61.4亿, 136.4% of the plan; its assessed task
        // 398000万元 → 39.8亿, 154.3% of the task. 越城's plan 615000万元 → 61.5亿, and it has no task: those cells stay empty.
        Assert.Equal(45m, book.Number("C5"));
        Assert.Equal(61.4m, book.Number("D5"));
        Assert.Equal(61.5m, book.Number("C6"));
        Assert.Equal("#,##0.00", book.NumberFormat("C5"));
        Assert.Equal("#,##0.00", book.NumberFormat("D5"));
        Assert.Equal(1.364444m, book.Number("E5"));
        Assert.Equal("0.0%", book.NumberFormat("E5"));
        Assert.Equal(39.8m, book.Number("F5"));
        Assert.Equal("#,##0.00", book.NumberFormat("F5"));
        Assert.Equal(Rates.Of(614000m, 398000m), book.Number("G5"));
        Assert.Equal("0.0%", book.NumberFormat("G5"));
        Assert.Null(book.Number("F6"));
        Assert.Null(book.Number("G6"));
        Assert.Equal(1m, book.Number("H5"));
        // 进度差 in percentage points: 136.4444% − 100% = 36.4444 points, shown 36.4.
        Assert.Equal(36.4444m, book.Number("I5"));
        Assert.Equal("0.0", book.NumberFormat("I5"));
        Assert.Equal(36.1389m, book.Number("J5"));
        Assert.Equal(0.699m, book.Number("K5"));
        Assert.Equal("0.0%", book.NumberFormat("K5"));
        // 预计全年完成 from the roll-up row's forecast, in 亿元.
        Assert.Equal(61.4m, book.Number("L5"));
        Assert.Equal("#,##0.00", book.NumberFormat("L5"));

        // 无计划: the plan cell says so, the rates are empty; 上虞's YTD (5000万元) is still shown.
        AssertRow(["无计划", "0.5"], [book.Text("C9"), book.Text("D9")]);
        AssertRow(["无计划", "0"], [book.Text("C10"), book.Text("D10")]);
        Assert.All(new[] { "E9", "H9", "I9", "E10", "I10" }, c => Assert.Null(book.Number(c)));

        // The total is the city's own roll-up row (plan 193.5亿), not a re-sum of the rows above (196.5亿).
        Assert.Equal(193.5m, book.Number("C11"));
        Assert.Equal(131.4m, book.Number("D11"));
        Assert.Equal(0.67907m, book.Number("E11"));
        Assert.Equal(-32.093m, book.Number("I11"));
        Assert.Null(book.Number("F11")); // the city has no task of its own
        Assert.All("ABCDEFGHIJK", c => Assert.Equal(XlsxStyles.TotalFillArgb, book.FillArgb($"{c}11")));
        Assert.True(book.IsBold("B11"));

        // 嵊州 lags red, 越城 and 柯桥 yellow: the whole row filled; 诸暨 and the 无计划 rows are not.
        Assert.All("ABCDEFGHIJK", c => Assert.Equal(XlsxStyles.RedFillArgb, book.FillArgb($"{c}8")));
        Assert.All("ABCDEFGHIJK", c => Assert.Equal(XlsxStyles.YellowFillArgb, book.FillArgb($"{c}6")));
        Assert.Equal(XlsxStyles.YellowFillArgb, book.FillArgb("B7"));
        Assert.All("ABCDEFGHIJK", c => Assert.Null(book.FillArgb($"{c}5")));
        Assert.Null(book.FillArgb("B10"));

        Assert.Equal("A4:L11", book.AutoFilter());
        Assert.Equal("A5", book.Pane()!.TopLeftCell!.Value);
        Assert.True(book.ColumnWidth(1) >= 14); // "县（市、区）" is 6 wide characters
        Assert.Equal(XlsxStyles.PageFooter, book.Sheet().Descendants<OddFooter>().Single().Text);
    }

    [Fact]
    public async Task CountyRanking_OfAScopeWithoutTasks_KeepsThePlanColumnsOnly()
    {
        await EnsureRollupAsync();
        var response = await api.Client.GetAsync("/api/v1/exports/county-ranking?regionCode=330600&period=2023-12&scope=comprehensive");
        using var book = await OpenAsync(response);
        AssertRow(["排名", "县（市、区）", "年度计划", "1-12月完成", "完成率", "序时进度", "进度差(百分点)", "去年同期", "同比增长", "预计全年完成"],
            book.Values(4)[0]);
        Assert.Equal(["A1:J1", "A2:J2", "A3:J3"], book.MergedRanges());
        var rows = book.Values(5);
        Assert.Equal(30.8m, Dec(rows.Single(r => r[1] == "诸暨市")[2]));
        // The city has no comprehensive row: its total is 无计划 too, never a sum made up here.
        AssertRow(["全市合计", "无计划"], rows[^1][1..3]);
    }

    [Fact]
    public async Task CountyRanking_RankByGrowth_UsesTheStoredGrowthRanks()
    {
        await EnsureRollupAsync();
        var response = await api.Client.GetAsync("/api/v1/exports/county-ranking?regionCode=330600&period=2023-12&scope=effective&rankBy=yoy");
        using var book = await OpenAsync(response);
        Assert.EndsWith("排名（按同比增长）", book.Text("A1"), StringComparison.Ordinal);
        var rows = book.Values(5);
        // 柯桥 has no growth (nothing last year): unranked, after the ranked, with the 无计划 children in region-code order.
        Assert.Equal(["嵊州市", "诸暨市", "越城区", "柯桥区", "上虞区", "新昌县", "全市合计"], rows.Select(r => r[1]));
        Assert.Equal(["1", "2", "3", null, null, null, null], rows.Select(r => r[0]));
    }

    [Theory]
    [InlineData("ytd", "完成投资")]
    [InlineData("completion", "完成率")]
    [InlineData("yoy", "同比增长")]
    public async Task CountyRanking_IsAnAttachment_NamedWithItsBasis_InAscii_AndInUtf8(string rankBy, string basis)
    {
        await EnsureRollupAsync();
        var response = await api.Client.GetAsync($"/api/v1/exports/county-ranking?regionCode=330600&period=2023-12&scope=effective&rankBy={rankBy}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Xlsx, response.Content.Headers.ContentType?.MediaType);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal($"county-ranking-330600-2023-12-effective-{rankBy}.xlsx", disposition.FileName);
        Assert.Equal($"绍兴市2023年1-12月交通有效投资县（市、区）排名（按{basis}）.xlsx", disposition.FileNameStar);
    }

    [Fact]
    public async Task RollupExports_ForAPeriodNeverRolledUp_Answer404()
    {
        foreach (var url in new[]
                 {
                     "/api/v1/exports/county-ranking?regionCode=330600&period=2023-11&scope=effective",
                     "/api/v1/exports/mode-breakdown?regionCode=331081&period=2023-11&scope=comprehensive",
                     "/api/v1/exports/data-quality?period=2023-11",
                 })
        {
            var problem = await (await api.Client.GetAsync(url)).AssertProblemAsync(HttpStatusCode.NotFound);
            Assert.Equal("Not rolled up yet", problem.GetProperty("title").GetString());
        }
    }

    [Fact]
    public async Task BadQueries_NameEveryFieldAtFault()
    {
        await (await api.Client.GetAsync("/api/v1/exports/county-ranking?regionCode=999999&period=2023-13&scope=everything&rankBy=size"))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "regionCode", "period", "scope", "rankBy");
        await (await api.Client.GetAsync("/api/v1/exports/county-ranking?regionCode=330600&period=2024-02"))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "period"); // the test clock says 2024-01-20
        await (await api.Client.GetAsync("/api/v1/exports/county-ranking?regionCode=330681&period=2023-12"))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "regionCode"); // a county has nothing to rank
        await (await api.Client.GetAsync("/api/v1/exports/project-detail?period=2023-12"))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "regionCode");
        await (await api.Client.GetAsync("/api/v1/exports/project-detail?regionCode=330681&period=2023-12&scope=nope"))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "scope");
        await (await api.Client.GetAsync("/api/v1/exports/land-issues?regionCode=330681&status=pending"))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "status");
        await (await api.Client.GetAsync("/api/v1/exports/mode-breakdown?regionCode=331081"))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "period");
        await (await api.Client.GetAsync("/api/v1/exports/data-quality?period=23-12&regionCode=1"))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "period", "regionCode");
    }

    [Fact]
    public async Task ProjectDetail_Zhuji2023_OneRowPerSection_WithTheSeededFigures()
    {
        var response = await api.Client.GetAsync("/api/v1/exports/project-detail?regionCode=330681&period=2023-12&scope=all");
        using var book = await OpenAsync(response);

        Assert.Equal("诸暨市 2023年1-12月 交通投资（全口径） 项目明细", book.Text("A1"));
        Assert.StartsWith("制表单位：诸暨市交通运输局　制表日期：", book.Text("A2"));
        Assert.Equal("进度差(百分点)", book.Text("K4"));
        await using var db = api.CreateDb();
        var sectionCount = await db.Sections.CountAsync(s => s.RegionCode == "330681");
        var rows = book.Values(5);
        Assert.Equal(sectionCount, rows.Count);
        Assert.Equal(20, rows.Count);
        Assert.All(rows, r => Assert.Equal("诸暨市", r[0]));

        var kezhu = rows.Single(r => r[1] == "ZJ-KEZHU");
        Assert.Equal("柯诸高速公路诸暨段", kezhu[2]);
        Assert.Equal("高速公路", kezhu[3]);
        Assert.Equal(210000m, Dec(kezhu[5]));             // 2023 plan
        Assert.Equal(32060m, Dec(kezhu[6]));              // December
        Assert.Equal(229000m, Dec(kezhu[7]));             // January to December (the sourced 22.9亿)
        Assert.Equal(Rates.Of(229000m, 210000m), Dec(kezhu[8]));   // completion
        Assert.Equal(68.8m, Dec(kezhu[12]));              // physical progress in December
        Assert.Equal("预制梁场生产T梁39片", kezhu[13]);

        var kezhuRow = 5 + rows.ToList().IndexOf(kezhu);
        Assert.Equal("#,##0.00", book.NumberFormat($"F{kezhuRow}"));
        Assert.Equal("0.0%", book.NumberFormat($"I{kezhuRow}"));
        Assert.Equal("0.0", book.NumberFormat($"K{kezhuRow}"));

        // 序时进度, 进度差 and 同比 of every section are its figures page's, and its fill is its lag status's colour.
        var sections = await db.Sections.Where(s => s.RegionCode == "330681")
            .OrderBy(s => s.Project!.Code).ThenBy(s => s.Name).ThenBy(s => s.Id).Select(s => s.Id).ToListAsync();
        var statuses = new List<string?>();
        for (var i = 0; i < sections.Count; i++)
        {
            var figures = (await api.Client.GetFromJsonAsync<System.Text.Json.JsonElement>(
                $"/api/v1/sections/{sections[i]}/figures?period=2023-12")).GetProperty("figures");
            decimal? Figure(string name) => figures.GetProperty(name).ValueKind == System.Text.Json.JsonValueKind.Null ? null : figures.GetProperty(name).GetDecimal();
            Assert.Equal(Figure("completionRate"), Dec(rows[i][8]));
            Assert.Equal(Figure("timeElapsedProgress"), Dec(rows[i][9]));
            Assert.Equal(Figure("lag") * 100m, Dec(rows[i][10]));
            Assert.Equal(Figure("yoyGrowth"), Dec(rows[i][11]));
            var status = figures.GetProperty("lagStatus").GetString();
            statuses.Add(status);
            Assert.Equal(status switch { "red" => XlsxStyles.RedFillArgb, "yellow" => XlsxStyles.YellowFillArgb, _ => null }, book.FillArgb($"A{5 + i}"));
        }
        Assert.True(Dec(kezhu[10]) > 0); // KEZHU is ahead of a linear December
        Assert.Contains(statuses, s => s is "red" or "yellow");

        // Sum over the sheet = sum over the approved 2023 reports of 诸暨.
        var expectedYtd = await db.MonthlyReports
            .Where(r => r.Year == 2023 && r.Status == ReportStatuses.Approved && r.Section!.RegionCode == "330681")
            .SumAsync(r => r.MonthActual);
        Assert.Equal(expectedYtd, rows.Sum(r => Dec(r[7]) ?? 0));
    }

    [Fact]
    public async Task ProjectDetail_OfACity_CoversItsCounties_AndNeedsNoRollup()
    {
        var response = await api.Client.GetAsync("/api/v1/exports/project-detail?regionCode=330600&period=2023-06&scope=key_project");
        using var book = await OpenAsync(response);
        var rows = book.Values(5);
        Assert.NotEmpty(rows);
        Assert.Equal("1-6月累计(万元)", book.Text("H4"));
        await using var db = api.CreateDb();
        var expected = await db.Sections.CountAsync(s => s.Region!.ParentCode == "330600"
                                                         && s.Project!.Scopes.Any(ps => ps.Scope == "key_project"));
        Assert.Equal(13, expected); // the seed: 13 key-project sections in 绍兴
        Assert.Equal(expected, rows.Count);
    }

    [Fact]
    public async Task LandIssues_Zhuji_AllAndResolved_WithChineseKindsDatesAndOverdueInRed()
    {
        var all = await OpenAsync(await api.Client.GetAsync("/api/v1/exports/land-issues?regionCode=330681"));
        Assert.StartsWith("制表单位：诸暨市交通运输局　制表日期：2024年1月20日", all.Text("A2"));
        // The summary block: the statistics endpoint's total for the county today.
        AssertRow(["排查", "已解决", "未解决", "逾期", "解决率"], all.Values(4)[0][..5]);
        var total = (await api.Client.GetFromJsonAsync<System.Text.Json.JsonElement>(
            "/api/v1/land-issues/stats?groupBy=region&regionCode=330681")).GetProperty("total");
        var summary = all.Values(5)[0];
        Assert.Equal(total.GetProperty("identified").GetInt32(), int.Parse(summary[0]!, CultureInfo.InvariantCulture));
        Assert.Equal(total.GetProperty("resolved").GetInt32(), int.Parse(summary[1]!, CultureInfo.InvariantCulture));
        Assert.Equal(total.GetProperty("open").GetInt32(), int.Parse(summary[2]!, CultureInfo.InvariantCulture));
        Assert.Equal(total.GetProperty("overdue").GetInt32(), int.Parse(summary[3]!, CultureInfo.InvariantCulture));
        Assert.Equal(total.GetProperty("resolutionRate").GetDecimal(), Dec(summary[4]));
        AssertRow(["387", "364", "23", "22"], summary[..4]);
        Assert.Equal("0.0%", all.NumberFormat("E5"));

        // A county's list: no 区县 column (the title names it), and a section named as its project leaves 标段 empty.
        var rows = all.Values(8);
        Assert.Equal(387, rows.Count); // 200 柯诸 + 187 G235
        AssertRow(["项目", "标段", "镇街", "类型", "问题描述", "发现日期", "要求解决日期", "解决日期", "状态", "责任单位"], all.Values(7)[0]);
        Assert.Subset(new HashSet<string?> { "房屋", "青苗", "电力塔基", "坟墓", "企业", "农田或用地指标", "其他" }, rows.Select(r => r[3]).ToHashSet());
        Assert.Equal(364, rows.Count(r => r[8] == "已解决"));
        Assert.All(rows.Where(r => r[0] == "柯诸高速公路诸暨段"), r => Assert.Null(r[1]));

        // Ordered by project code (ZJ-G235 before ZJ-KEZHU), then by the day found: the first row is G235's earliest issue.
        await using var db = api.CreateDb();
        var earliest = await db.LandIssues.Where(i => i.Section!.Project!.Code == "ZJ-G235").MinAsync(i => i.IdentifiedOn);
        Assert.Equal(earliest, FromSerial(rows[0][5]));
        Assert.Equal(387 - 200, rows.TakeWhile(r => r[0] == rows[0][0]).Count());
        Assert.Equal("yyyy-mm-dd", all.NumberFormat("F8"));
        Assert.True(all.Format("E8").Alignment?.WrapText?.Value);

        var overdueRow = 8 + rows.ToList().FindIndex(r => r[8] == "逾期未解决");
        Assert.Equal(XlsxStyles.RedFillArgb, all.FillArgb($"A{overdueRow}"));
        Assert.Equal(22, rows.Count(r => r[8] == "逾期未解决"));
        all.Dispose();

        using var resolved = await OpenAsync(await api.Client.GetAsync("/api/v1/exports/land-issues?regionCode=330681&status=resolved"));
        Assert.Equal(364, resolved.Values(8).Count);
        Assert.Equal("诸暨市 政策处理问题清单（已解决）", resolved.Text("A1"));
        AssertRow(summary, resolved.Values(5)[0]); // the block counts every issue, whatever the list shows

        // A city's list has a 区县 column.
        using var city = await OpenAsync(await api.Client.GetAsync("/api/v1/exports/land-issues?regionCode=330600"));
        Assert.Equal("区县", city.Text("A7"));
    }

    [Fact]
    public async Task ModeBreakdown_Wenling_TotalsSubtotalsCompletionGrowthAndShares()
    {
        await EnsureRollupAsync();
        var response = await api.Client.GetAsync("/api/v1/exports/mode-breakdown?regionCode=331081&period=2023-12&scope=comprehensive");
        using var book = await OpenAsync(response);

        Assert.Equal("温岭市 2023年1-12月 综合交通投资 分方式完成情况", book.Text("A1"));
        Assert.Equal("制表单位：温岭市交通运输局　制表日期：2024年1月20日", book.Text("A2"));
        AssertRow(["方式类别", "方式", "年度计划", "1-12月完成", "完成率", "去年同期", "同比增长", "占比"], book.Values(4)[0]);
        var rows = book.Values(5);
        Assert.Equal(
        [
            ["合计", null], ["公路", "小计"], ["公路", "高速公路"], ["公路", "普通国省道"], ["铁路", "小计"], ["铁路", "铁路"],
            ["铁路", "城市轨道交通"], ["其他", "小计"],
        ], rows.Select(r => new[] { r[0], r[1] }));
        Assert.Equal(43.68m, Dec(rows[0][3]));
        Assert.Equal(8.38m, Dec(rows[4][3]));
        // Completion and growth are the roll-up's own rates for each line.
        Assert.Equal(0.970667m, Dec(rows[0][4]));
        Assert.Equal(40m, Dec(rows[0][5]));
        Assert.Equal(0.092m, Dec(rows[0][6]));
        Assert.Equal(0.985882m, Dec(rows[4][4]));
        Assert.Equal(0.117333m, Dec(rows[4][6]));
        Assert.Equal(Rates.Of(83800m, 436800m), Dec(rows[4][7])); // 19.2%, not the document's 19.4%
        Assert.Equal(1m, Dec(rows[0][7]));
        Assert.Equal("0.0%", book.NumberFormat("E9"));
        Assert.Equal("0.0%", book.NumberFormat("G9"));
        Assert.Equal("#,##0.00", book.NumberFormat("D9"));
        Assert.Equal(XlsxStyles.TotalFillArgb, book.FillArgb("A5"));
        Assert.True(book.IsBold("D5"));
        Assert.Null(book.FillArgb("A6"));
        // The title, 16pt, fits across the columns: never clipped.
        var width = Enumerable.Range(0, 8).Sum(c => book.ColumnWidth(c)!.Value);
        var title = XlsxText.DisplayWidth(book.Text("A1")!) * XlsxStyles.Title.FontSize / XlsxStyles.BodyFontSize;
        Assert.True(width >= title, $"columns {width} wide for a title {title} wide");
    }

    [Fact]
    public async Task DataQuality_ListsTheFindingsWithChineseKinds()
    {
        await EnsureRollupAsync();
        using var book = await OpenAsync(await api.Client.GetAsync("/api/v1/exports/data-quality?period=2023-12"));
        Assert.StartsWith("制表单位：", book.Text("A2"));
        var rows = book.Values(5);
        Assert.Equal(2, rows.Count);
        var missing = rows.Single(r => r[0] == "缺报月份");
        AssertRow(["诸暨市", "柯诸高速公路诸暨段", "柯诸高速公路诸暨段", "项目ZJ-KEZHU的标段应报月报，但2023年11月没有已审核的月报。"], missing[1..5]);
        // Recorded before the roll-up wrote Chinese: a Chinese sentence of its kind, never the English text.
        var parts = rows.Single(r => r[0] == "分项之和与合计不符");
        Assert.Equal("温岭市", parts[1]);
        Assert.Null(parts[2]);
        Assert.StartsWith("分项之和与合计不符。", parts[4]);
        Assert.True(book.Format("E5").Alignment?.WrapText?.Value);
        Assert.InRange(book.ColumnWidth(4)!.Value, Api.Features.Exports.DataQualitySheet.MessageWidth, Api.Features.Exports.DataQualitySheet.MessageWidth + 1);

        using var zhuji = await OpenAsync(await api.Client.GetAsync("/api/v1/exports/data-quality?period=2023-12&regionCode=330600"));
        Assert.Single(zhuji.Values(5));
        Assert.Equal("共 1 条", zhuji.Text("A3"));
    }

    internal static void AssertRow(string?[] expected, string?[] actual) =>
        Assert.Equal((IEnumerable<string?>)expected, (IEnumerable<string?>)actual);

    private static decimal? Dec(string? text) => text is null ? null : decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static DateOnly FromSerial(string? text) => new DateOnly(1899, 12, 30).AddDays(int.Parse(text!, CultureInfo.InvariantCulture));

    /// <summary>Asserts a 200 xlsx answer and opens it.</summary>
    internal static async Task<XlsxReadBack> OpenAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        Assert.Equal(Xlsx, response.Content.Headers.ContentType?.MediaType);
        return XlsxReadBack.Of(body);
    }

    /// <summary>A roll-up of 2023-12 as the job would leave it (tests in a class share the database; insert once).</summary>
    private async Task EnsureRollupAsync()
    {
        await using var db = api.CreateDb();
        if (await db.RollupRuns.AnyAsync(r => r.Year == 2023 && r.Month == 12))
        {
            return;
        }
        // rollup_rows has one partition per period and no default one (0013): the job creates it, so this must too.
        await db.Database.ExecuteSqlRawAsync(
            "create table if not exists rollup_rows_y2023m12 partition of rollup_rows for values from (2023, 12) to (2024, 1)");
        db.RollupRuns.Add(new RollupRun { Year = 2023, Month = 12, ComputedAt = DateTimeOffset.UtcNow, RowCount = 0, FindingCount = 2 });
        // Effective scope in 绍兴: 诸暨 first; 越城 and 柯桥 tied on YTD (rank 2, 2); 嵊州 4th and red.
        db.RollupRows.AddRange(
            County("330681", rank: 1, plan: 450000, task: 398000, ytd: 614000, previous: 361389, completion: 1.364444m, elapsed: 1, yoy: 0.699m,
                status: "green", yoyRank: 2, completionRank: 1),
            County("330602", rank: 2, plan: 615000, task: null, ytd: 300000, previous: 280000, completion: 0.487805m, elapsed: 1, yoy: 0.071429m,
                status: "yellow", yoyRank: 3, completionRank: 3),
            County("330603", rank: 2, plan: 400000, task: null, ytd: 300000, previous: 0, completion: 0.75m, elapsed: 1, yoy: null,
                status: "yellow", yoyRank: null, completionRank: 2),
            County("330683", rank: 4, plan: 500000, task: null, ytd: 100000, previous: 10000, completion: 0.2m, elapsed: 1, yoy: 9m,
                status: "red", yoyRank: 1, completionRank: 4),
            // 上虞 reported without a plan; 新昌 has no row at all.
            NoPlan("330604", ytd: 5000, ytdRank: 5),
            // The city's own row is the table's total, not a row of it; another scope's row must not show up.
            City(plan: 1_935_000, ytd: 1_314_000, previous: 651389),
            Row("330681", "county", "330600", "all", "all", "comprehensive", 308000, 333000),
            // 温岭 2023, comprehensive, by mode.
            Rated(Row("331081", "county", "331000", "all", "all", "comprehensive", 450000, 436800), previous: 400000),
            Row("331081", "county", "331000", "road", "all", "comprehensive", 360000, 347800),
            Row("331081", "county", "331000", "road", "trunk_highway", "comprehensive", 100000, 90600),
            Row("331081", "county", "331000", "road", "expressway", "comprehensive", 260000, 257200),
            Rated(Row("331081", "county", "331000", "rail", "all", "comprehensive", 85000, 83800), previous: 75000),
            Row("331081", "county", "331000", "rail", "urban_rail", "comprehensive", 18000, 17800),
            Row("331081", "county", "331000", "rail", "railway", "comprehensive", 67000, 66000),
            Row("331081", "county", "331000", "other", "all", "comprehensive", 5000, 5200));
        var kezhu = await db.Sections.Where(s => s.Project!.Code == "ZJ-KEZHU").Select(s => new { s.Id, s.ProjectId }).SingleAsync();
        db.DataQualityFindings.AddRange(
            new DataQualityFinding
            {
                Year = 2023, Month = 12, Kind = "missing_month", RegionCode = "330681", ProjectId = kezhu.ProjectId, SectionId = kezhu.Id,
                Message = "2023-11 has no approved report", MessageZh = "项目ZJ-KEZHU的标段应报月报，但2023年11月没有已审核的月报。",
            },
            new DataQualityFinding
            {
                Year = 2023, Month = 12, Kind = "parts_do_not_add_up", RegionCode = "331081",
                Message = "Region 331081: the modes do not add up",
            });
        await db.SaveChangesAsync();
    }

    private static RollupRow County(string code, int rank, decimal plan, decimal? task, decimal ytd, decimal previous, decimal? completion,
        decimal elapsed, decimal? yoy, string status, int? yoyRank, int? completionRank)
    {
        var row = Row(code, "county", "330600", "all", "all", "effective", plan, ytd);
        row.Task = task;
        row.PreviousYtd = previous;
        row.CompletionRate = completion;
        row.TimeElapsedProgress = elapsed;
        row.Lag = completion - elapsed;
        row.LagStatus = status;
        row.YoyGrowth = yoy;
        row.RankByYtd = rank;
        row.RankByYoy = yoyRank;
        row.RankByCompletion = completionRank;
        // December: the year-end forecast is the year as reported.
        row.YearEndForecast = ytd;
        return row;
    }

    private static RollupRow NoPlan(string code, decimal ytd, int ytdRank)
    {
        var row = Row(code, "county", "330600", "all", "all", "effective", 0, ytd);
        row.RankByYtd = ytdRank;
        return row;
    }

    private static RollupRow City(decimal plan, decimal ytd, decimal previous)
    {
        var row = Rated(Row("330600", "city", "330000", "all", "all", "effective", plan, ytd), previous);
        row.TimeElapsedProgress = 1;
        row.Lag = row.CompletionRate - 1;
        row.LagStatus = "red";
        return row;
    }

    /// <summary>The rates the roll-up stores, from the domain's rules.</summary>
    private static RollupRow Rated(RollupRow row, decimal previous)
    {
        row.PreviousYtd = previous;
        row.CompletionRate = Rates.Of(row.YtdActual, row.Plan);
        row.YoyGrowth = Investment.Domain.Growth.YearOverYear.Growth(row.YtdActual, previous);
        return row;
    }

    private static RollupRow Row(string code, string level, string parent, string category, string mode, string scope, decimal plan, decimal ytd) =>
        new()
        {
            Year = 2023, Month = 12, RegionCode = code, RegionLevel = level, ParentCode = parent, ModeCategory = category, Mode = mode,
            Scope = scope, Plan = plan, PlannedToDate = plan, YtdActual = ytd, MonthActual = 0, SectionCount = 1,
        };
}
