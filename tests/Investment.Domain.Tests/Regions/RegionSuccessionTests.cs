using Investment.Domain.Regions;

namespace Investment.Domain.Tests.Regions;

public sealed class RegionSuccessionTests
{
    private static readonly ReportingMonth Jan2024 = new(2024, 1);

    // A (330624) became district B (330604) from 2024-01; B was merged into C (330602) from 2025-06.
    private static readonly RegionSuccession Chain = new([
        new Retirement("A", "B", Jan2024),
        new Retirement("B", "C", new ReportingMonth(2025, 6)),
    ]);

    [Theory]
    [InlineData("A", "2023-12", "A")]
    [InlineData("A", "2024-01", "B")]
    [InlineData("A", "2025-05", "B")]
    [InlineData("A", "2025-06", "C")]
    [InlineData("B", "2025-05", "B")]
    [InlineData("B", "2025-06", "C")]
    [InlineData("C", "2030-01", "C")]
    [InlineData("unknown", "2024-01", "unknown")]
    public void EffectiveCode_FollowsTheChainFromEachRetirementMonthOn(string code, string period, string expected) =>
        Assert.Equal(expected, Chain.EffectiveCode(code, ReportingMonth.Parse(period)));

    [Theory]
    [InlineData("A", "2023-12", false)]
    [InlineData("A", "2024-01", true)]
    [InlineData("B", "2024-01", false)]
    [InlineData("B", "2025-06", true)]
    [InlineData("C", "2025-06", false)]
    public void IsRetired_FromTheRetirementMonthOn(string code, string period, bool expected) =>
        Assert.Equal(expected, Chain.IsRetired(code, ReportingMonth.Parse(period)));

    [Theory]
    [InlineData("B", "2023-12", "B")]
    [InlineData("B", "2024-01", "A B")]
    [InlineData("A", "2023-12", "A")]
    [InlineData("A", "2024-01", "")]
    [InlineData("C", "2025-05", "C")]
    [InlineData("C", "2025-06", "A B C")]
    [InlineData("B", "2025-06", "")]
    // A city's subtree lists the retired county and its successor: each section still counts once.
    [InlineData("A B X", "2024-01", "A B X")]
    [InlineData("A X", "2024-01", "X")]
    public void SourcesOf_AreTheRegionsWhoseSectionsCountThere(string codes, string period, string expected)
    {
        var sources = Chain.SourcesOf(codes.Split(' '), ReportingMonth.Parse(period));
        Assert.Equal(expected, string.Join(" ", sources.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void None_ChangesNothing()
    {
        Assert.Equal("A", RegionSuccession.None.EffectiveCode("A", Jan2024));
        Assert.Equal(["A", "B"], RegionSuccession.None.SourcesOf(["A", "B"], Jan2024));
    }

    [Fact]
    public void EffectiveCode_StopsOnACycleFromHandEditedRows()
    {
        var cycle = new RegionSuccession([new Retirement("A", "B", Jan2024), new Retirement("B", "A", Jan2024)]);
        Assert.Contains(cycle.EffectiveCode("A", Jan2024), new[] { "A", "B" });
    }
}
