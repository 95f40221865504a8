namespace Investment.Domain.Tests;

public sealed class MoneyTests
{
    public static TheoryData<decimal, int, bool> Scales => new()
    {
        { 1.2300m, 4, true },
        { 1.23m, 4, true },
        { 1.2300m, 2, true },
        { 1.23456m, 4, false },
        { 670.6135m, 4, true },
        { 670.61351m, 4, false },
        { 670.61350m, 4, true },
        { 0m, 0, true },
        { 5m, 0, true },
        { 5.0000m, 0, true },
        { 5.5m, 0, false },
        { -1.00005m, 4, false },
        { -1.0001m, 4, true },
        { Money.MaxWan, Money.WanScale, true },
    };

    [Theory]
    [MemberData(nameof(Scales))]
    public void HasAtMostScale_IgnoresTrailingZeros(decimal value, int scale, bool expected)
    {
        Assert.Equal(expected, Money.HasAtMostScale(value, scale));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(29)]
    public void HasAtMostScale_ScaleOutOfRange_Throws(int scale)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Money.HasAtMostScale(1m, scale));
    }

    public static TheoryData<decimal, bool> Columns => new()
    {
        { 670.6135m, true },
        { -670.6135m, true },
        { 0m, true },
        { 670.61355m, false },
        { Money.MaxWan, true },
        { -Money.MaxWan, true },
        { Money.MaxWan + 0.0001m, false },
        { 100_000_000_000_000m, false },
    };

    [Theory]
    [MemberData(nameof(Columns))]
    public void FitsWanColumn_ChecksScaleAndNumeric18_4Range(decimal wan, bool expected)
    {
        Assert.Equal(expected, Money.FitsWanColumn(wan));
    }

    [Fact]
    public void MaxWan_HasFourteenIntegerDigitsAndFourDecimals()
    {
        Assert.Equal(4, Money.WanScale);
        Assert.Equal("99999999999999.9999", Money.MaxWan.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public static TheoryData<decimal, decimal> WanAndYi => new()
    {
        { 615_000m, 61.5m },
        { 637_000m, 63.7m },
        { 436_800m, 43.68m },
        { 670.6135m, 0.06706135m },
        { 0m, 0m },
        { -10_000m, -1m },
    };

    [Theory]
    [MemberData(nameof(WanAndYi))]
    public void WanToYiAndBack_AreExact(decimal wan, decimal yi)
    {
        Assert.Equal(yi, Money.WanToYi(wan));
        Assert.Equal(wan, Money.YiToWan(yi));
        Assert.Equal(wan, Money.YiToWan(Money.WanToYi(wan)));
    }
}
