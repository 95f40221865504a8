using System.Globalization;

namespace Investment.Domain.Tests;

public sealed class RateTests
{
    private static decimal D(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("0.0000005", "0.000001")]
    [InlineData("-0.0000005", "-0.000001")]
    [InlineData("0.00000049", "0")]
    [InlineData("-0.00000049", "0")]
    [InlineData("1.2345675", "1.234568")]
    [InlineData("1.0357723577235772357723577236", "1.035772")]
    [InlineData("0.5", "0.5")]
    [InlineData("999999.999999", "999999.999999")]
    [InlineData("-999999.999999", "-999999.999999")]
    public void Round_IsSixDecimalsHalfAwayFromZero(string ratio, string expected)
    {
        Assert.Equal(D(expected), Rate.Round(D(ratio)));
    }

    [Theory]
    [InlineData("1000000")]
    [InlineData("-1000000")]
    // Rounds up to 1,000,000, which the roll-up's numeric(12,6) cannot hold.
    [InlineData("999999.9999995")]
    [InlineData("-999999.9999995")]
    public void Round_AtOrBeyondTheLimit_IsUnknown(string ratio)
    {
        Assert.Null(Rate.Round(D(ratio)));
    }

    [Fact]
    public void Round_Null_IsNull()
    {
        Assert.Null(Rate.Round(null));
    }

    [Theory]
    [InlineData("1", "3", "0.333333")]
    [InlineData("2", "3", "0.666667")]
    [InlineData("-2", "3", "-0.666667")]
    [InlineData("0", "7", "0")]
    [InlineData("637000", "615000", "1.035772")]
    public void Of_IsPartOverWhole_Rounded(string part, string whole, string expected)
    {
        Assert.Equal(D(expected), Rate.Of(D(part), D(whole)));
    }

    [Theory]
    [InlineData("5", "0")]
    [InlineData("5", "-1")]
    // A plan of one yuan against 100 万元 done: a million-fold rate says nothing.
    [InlineData("100", "0.0001")]
    public void Of_NoWholeOrBeyondTheLimit_IsUnknown(string part, string whole)
    {
        Assert.Null(Rate.Of(D(part), D(whole)));
    }

    [Fact]
    public void Of_JustInsideTheLimit_IsKept()
    {
        Assert.Equal(999_900m, Rate.Of(99.99m, 0.0001m));
    }
}
