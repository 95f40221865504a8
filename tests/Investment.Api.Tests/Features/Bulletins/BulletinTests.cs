using System.Net;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using Investment.Api.Tests.Infrastructure;

namespace Investment.Api.Tests.Features.Bulletins;

/// <summary>The monthly bulletin of 诸暨 on the demo database, every month of 2023 rolled up.</summary>
public sealed class BulletinTests(DemoApiFixture api) : IClassFixture<DemoApiFixture>
{
    private const string Zhuji = "330681";
    private const string Wenling = "331081";

    private async Task<JsonElement> BulletinAsync(string region, string period, HttpClient? client = null) =>
        await (await (client ?? api.Client).GetAsync($"/api/v1/bulletins/{region}/{period}")).ReadAsync<JsonElement>();

    private static string TextOf(JsonElement bulletin) => string.Concat(bulletin.GetProperty("paragraphs").EnumerateArray()
        .SelectMany(p => p.GetProperty("sentences").EnumerateArray()).Select(s => s.GetProperty("text").GetString()));

    [Fact]
    public async Task Zhuji2023_12_StatesTheSeedDocumentsFiguresAndRankHistory()
    {
        var bulletin = await BulletinAsync(Zhuji, "2023-12");
        var text = TextOf(bulletin);

        Assert.True(bulletin.GetProperty("hasData").GetBoolean());
        Assert.Equal("诸暨市2023年12月交通投资月度通报", bulletin.GetProperty("title").GetString());
        Assert.Contains("重点交通建设项目共13个，年度计划投资61.5亿元，1-12月完成63.7亿元，完成年度计划103.6%", text, StringComparison.Ordinal);
        Assert.Contains("综合交通投资", text, StringComparison.Ordinal);
        Assert.Contains("年度计划投资30.8亿元，1-12月完成33.3亿元，完成年度计划108.1%", text, StringComparison.Ordinal);
        Assert.Contains("年度任务39.8亿元", text, StringComparison.Ordinal);
        Assert.Contains("1-12月完成61.4亿元", text, StringComparison.Ordinal);
        Assert.Contains("完成年度任务的154.3%", text, StringComparison.Ordinal);
        Assert.Contains("同比增长69.9%", text, StringComparison.Ordinal);
        Assert.Contains("在绍兴市6个县（市、区）中排名第一（1-9月排名第二，10月起排名第一）", text, StringComparison.Ordinal);
        Assert.Matches("柯诸高速[^。]*共梳理涉及[^。]*政策处理问题200个，共处置完毕问题193个，处置率96.5%", text);
        Assert.Matches("235国道[^。]*政策处理问题187个，共处置完毕问题171个，处置率91.4%", text);
    }

    [Fact]
    public async Task EveryFigure_ResolvesToTheValueItsSourceAnswers()
    {
        var bulletin = await BulletinAsync(Zhuji, "2023-12");
        var figures = bulletin.GetProperty("paragraphs").EnumerateArray()
            .SelectMany(p => p.GetProperty("sentences").EnumerateArray())
            .SelectMany(s => s.GetProperty("figures").EnumerateArray().Select(f => (Sentence: s.GetProperty("text").GetString()!, Figure: f)))
            .ToList();
        var sources = new Dictionary<string, JsonElement>(StringComparer.Ordinal);

        Assert.True(figures.Count > 40, $"only {figures.Count} figures");
        foreach (var (sentence, figure) in figures)
        {
            var source = figure.GetProperty("source").GetString()!;
            if (!sources.TryGetValue(source, out var answer))
            {
                answer = sources[source] = await (await api.Client.GetAsync(source)).ReadAsync<JsonElement>();
            }
            var path = figure.GetProperty("path").GetString()!;
            Assert.True(BulletinLinks.Resolve(answer, path) == figure.GetProperty("value").GetDecimal(),
                $"{source} {path} ≠ {figure.GetProperty("value")} ({figure.GetProperty("label")})");
            if (figure.GetProperty("unit").GetString() != "rank" || !figure.GetProperty("label").GetString()!.Contains('月', StringComparison.Ordinal))
            {
                Assert.Contains(figure.GetProperty("label").GetString()!, sentence, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task MonthWithoutData_IsAShortBulletinSayingSo()
    {
        var bulletin = await BulletinAsync(Zhuji, "2010-06");

        Assert.False(bulletin.GetProperty("hasData").GetBoolean());
        var paragraph = Assert.Single(bulletin.GetProperty("paragraphs").EnumerateArray());
        Assert.StartsWith("诸暨市2010年6月暂无交通投资数据", TextOf(bulletin), StringComparison.Ordinal);
        Assert.Equal("noData", paragraph.GetProperty("key").GetString());
    }

    [Fact]
    public async Task Docx_IsAnAttachmentWithBothFileNames_AndHoldsTheText()
    {
        var response = await api.Client.GetAsync($"/api/v1/bulletins/{Zhuji}/2023-12?format=docx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", response.Content.Headers.ContentType?.MediaType);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal("bulletin-330681-2023-12.docx", disposition.FileName?.Trim('"'));
        Assert.Equal("诸暨市2023年12月交通投资月度通报.docx", disposition.FileNameStar);
        using var document = WordprocessingDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
        var text = document.MainDocumentPart!.Document.Body!.InnerText;
        Assert.Contains("诸暨市2023年12月交通投资月度通报", text, StringComparison.Ordinal);
        Assert.Contains("完成年度任务的154.3%", text, StringComparison.Ordinal);
        Assert.Contains("一、投资完成情况", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2023-13", "", "period")]
    [InlineData("2030-01", "", "period")]
    [InlineData("2023-12", "?format=pdf", "format")]
    public async Task BadRequest_NamesTheField(string period, string query, string field)
    {
        var response = await api.Client.GetAsync($"/api/v1/bulletins/{Zhuji}/{period}{query}");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task RegionOutsideTheCallersScope_Is404_AndOwnRegionReads()
    {
        var wenlingLeader = await api.ClientForAsync("leadership", regionCodes: [Wenling]);

        var response = await wenlingLeader.GetAsync($"/api/v1/bulletins/{Zhuji}/2023-12");
        await response.AssertProblemAsync(HttpStatusCode.NotFound);
        var own = await BulletinAsync(Wenling, "2023-12", wenlingLeader);
        Assert.Contains("43.68亿元", TextOf(own), StringComparison.Ordinal);
    }
}

/// <summary>On the seed data alone, nothing rolled up: the rank sentences are left out, the rest stands.</summary>
public sealed class BulletinWithoutRollupsTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    [Fact]
    public async Task MonthNotRolledUp_DropsTheRankSentence()
    {
        var bulletin = await (await api.Client.GetAsync("/api/v1/bulletins/330681/2023-12")).ReadAsync<JsonElement>();
        var text = string.Concat(bulletin.GetProperty("paragraphs").EnumerateArray()
            .SelectMany(p => p.GetProperty("sentences").EnumerateArray()).Select(s => s.GetProperty("text").GetString()));

        Assert.DoesNotContain("排名", text, StringComparison.Ordinal);
        Assert.Contains("完成年度任务的154.3%", text, StringComparison.Ordinal);
    }
}
