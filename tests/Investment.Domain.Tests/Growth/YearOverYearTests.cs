using Investment.Domain.Growth;

namespace Investment.Domain.Tests.Growth;

public sealed class YearOverYearTests
{
    public static TheoryData<decimal, decimal, decimal?> Growths => new()
    {
        { 110m, 100m, 0.1m },
        { 100m, 100m, 0m },
        { 90m, 100m, -0.1m },
        { 0m, 100m, -1m },
        { 300m, 100m, 2m },
        { 100m, 0m, null },
        { 0m, 0m, null },
        { 10m, -10m, null },
        { -20m, -10m, null },
    };

    [Theory]
    [MemberData(nameof(Growths))]
    public void Growth_IsChangeOverBase_NullWithoutAPositiveBase(decimal current, decimal previousYear, decimal? expected)
    {
        Assert.Equal(expected, YearOverYear.Growth(current, previousYear));
    }

    [Fact]
    public void Growth_IsNotRounded()
    {
        var growth = YearOverYear.Growth(333_000m, 308_000m);

        Assert.Equal(0.081m, decimal.Round(growth!.Value, 3, MidpointRounding.AwayFromZero));
        Assert.NotEqual(0.081m, growth);
    }
}
