using Investment.Domain.Bulletins;

namespace Investment.Domain.Tests.Bulletins;

public sealed class BulletinWordingTests
{
    [Theory]
    [InlineData("615000", "61.5亿元")]
    [InlineData("637000", "63.7亿元")]
    [InlineData("436800", "43.68亿元")]
    [InlineData("10000", "1亿元")]
    [InlineData("613740", "约61.37亿元")]
    [InlineData("613750", "约61.38亿元")]
    [InlineData("229000.0001", "约22.9亿元")]
    [InlineData("9999.9999", "9999.9999万元")]
    [InlineData("3500", "3500万元")]
    [InlineData("670.6135", "670.6135万元")]
    [InlineData("0", "0万元")]
    [InlineData("-1200.5", "-1200.5万元")]
    [InlineData("-15000", "-1.5亿元")]
    public void Amount_YiFromOneYi_WanBelow_AboutOnlyWhenRounded(string wan, string expected)
    {
        Assert.Equal(expected, BulletinWording.Amount(decimal.Parse(wan, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("1.036", "103.6%")]
    [InlineData("1.542714", "154.3%")]
    [InlineData("1", "100.0%")]
    [InlineData("0.00049", "0.0%")]
    [InlineData("0.00050", "0.1%")]
    [InlineData("-0.00050", "-0.1%")]
    [InlineData("0.192", "19.2%")]
    public void Percent_OneDecimal_HalfAwayFromZero(string ratio, string expected)
    {
        Assert.Equal(expected, BulletinWording.Percent(decimal.Parse(ratio, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("0.699", "同比增长69.9%")]
    [InlineData("-0.052", "同比下降5.2%")]
    [InlineData("0.0004", "与上年同期持平")]
    [InlineData("-0.0004", "与上年同期持平")]
    [InlineData("0", "与上年同期持平")]
    [InlineData("-0.0005", "同比下降0.1%")]
    public void Growth_WordedBySign(string ratio, string expected)
    {
        Assert.Equal(expected, BulletinWording.Growth(decimal.Parse(ratio, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("-0.2034", "20.3个百分点")]
    [InlineData("0.05", "5.0个百分点")]
    public void Points_Unsigned_OneDecimal(string diff, string expected)
    {
        Assert.Equal(expected, BulletinWording.Points(decimal.Parse(diff, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData(1, "一")]
    [InlineData(2, "二")]
    [InlineData(9, "九")]
    [InlineData(10, "十")]
    [InlineData(11, "十一")]
    [InlineData(20, "二十")]
    [InlineData(36, "三十六")]
    [InlineData(99, "九十九")]
    public void Numeral_WrittenAsRanksAre(int n, string expected)
    {
        Assert.Equal(expected, BulletinWording.Numeral(n));
        Assert.Equal("第" + expected, BulletinWording.Rank(n));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    public void Numeral_OutsideOneToNinetyNine_Throws(int n)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BulletinWording.Numeral(n));
    }

    public static TheoryData<int?[], string?> Histories => new()
    {
        { [2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1], "1-9月排名第二，10月起排名第一" },
        { [2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1], "1-9月排名第二，10月起排名第一" },
        { [2, 2, 2, 2, 2, 2, 2, 2, 2, 1], "1-9月排名第二，10月排名第一" },
        { [1, 1, 1], "1-3月均排名第一" },
        { [3], "1月排名第三" },
        { [3, 3, 3, 2, 1, 1], "1-3月排名第三，4月排名第二，5月起排名第一" },
        { [1, 2, 1], "1月排名第一，2月排名第二，3月排名第一" },
        { [2, 2, null, 1], null },
        { [null], null },
        { [], null },
    };

    [Theory]
    [MemberData(nameof(Histories))]
    public void RankHistory_RunsOfEqualRanks_NullWithAHole(int?[] ranks, string? expected)
    {
        Assert.Equal(expected, BulletinWording.RankHistory(ranks));
    }

    [Fact]
    public void Quantity_AsEntered_WithItsUnit()
    {
        Assert.Equal("35.5公里", BulletinWording.Quantity(35.50m, "公里"));
        Assert.Equal("3座", BulletinWording.Quantity(3m, "座"));
    }

    [Fact]
    public void Names_JoinedWithEnumerationComma()
    {
        Assert.Equal("浣东互通改扩建、店口湄池大桥", BulletinWording.Names(["浣东互通改扩建", "店口湄池大桥"]));
        Assert.Equal("", BulletinWording.Names([]));
    }
}
