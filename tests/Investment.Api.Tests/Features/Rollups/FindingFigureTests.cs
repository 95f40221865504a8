using System.Globalization;
using Investment.Api.Features.Rollups;

namespace Investment.Api.Tests.Features.Rollups;

/// <summary>The findings' figures are written as the format "0.####" writes them, without going through it.</summary>
public sealed class FindingFigureTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("0.0000")]
    [InlineData("100")]
    [InlineData("10.000")]
    [InlineData("199.75")]
    [InlineData("1.50")]
    [InlineData("-4271.000001")]
    [InlineData("1.00005")]
    [InlineData("-1.00005")]
    [InlineData("2.00004999")]
    [InlineData("0.00004")]
    [InlineData("-0.00004")]
    [InlineData("123456789012.3456")]
    [InlineData("79228162514264337593543950335")]
    [InlineData("7.9228162514264337593543950335")]
    public void AFigure_ReadsAsTheFormatWouldWriteIt(string text)
    {
        var value = decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        Assert.Equal(value.ToString("0.####", CultureInfo.InvariantCulture) + "万元", new RollupAssembler.Figure(value, "万元").ToString());
        Assert.Equal($"合计{value.ToString("0.####", CultureInfo.InvariantCulture)}%。",
            string.Create(CultureInfo.InvariantCulture, $"合计{new RollupAssembler.Figure(value, "%")}。"));
    }
}
