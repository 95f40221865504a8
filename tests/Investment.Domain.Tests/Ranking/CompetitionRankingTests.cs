using Investment.Domain.Ranking;

namespace Investment.Domain.Tests.Ranking;

public sealed class CompetitionRankingTests
{
    private sealed record County(string Code, decimal? Rate);

    private static IReadOnlyList<Ranked<County>> Rank(bool descending, int decimals, params County[] counties) =>
        CompetitionRanking.Rank(counties, c => c.Rate, c => c.Code, descending, decimals);

    private static string Describe(IReadOnlyList<Ranked<County>> ranked) =>
        string.Join(" ", ranked.Select(r => $"{r.Item.Code}:{r.Rank?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}"));

    // Each case: counties as "code=rate" ("-" for no rate), expected display order as "code:rank".
    [Theory]
    [InlineData("a=0.9 b=0.8 c=0.7", "a:1 b:2 c:3")]
    [InlineData("a=0.7 b=0.8 c=0.9", "c:1 b:2 a:3")]
    [InlineData("a=0.9 b=0.8 c=0.8 d=0.7", "a:1 b:2 c:2 d:4")]
    [InlineData("d=0.8 c=0.9 b=0.8 a=0.7", "c:1 b:2 d:2 a:4")]
    [InlineData("a=0.5 b=0.5 c=0.5", "a:1 b:1 c:1")]
    [InlineData("a=0.9 b=0.9 c=0.8 d=0.8 e=0.7", "a:1 b:1 c:3 d:3 e:5")]
    [InlineData("a=- b=0.8 c=0.9", "c:1 b:2 a:-")]
    [InlineData("c=- a=- b=0.1", "b:1 a:- c:-")]
    [InlineData("b=- a=-", "a:- b:-")]
    [InlineData("a=0", "a:1")]
    [InlineData("a=-0.1 b=0 c=0.1", "c:1 b:2 a:3")]
    // Ties are judged on the value rounded to 4 decimals: 0.85344 and 0.85336 both show as 0.8534.
    [InlineData("a=0.85344 b=0.85336 c=0.86", "c:1 a:2 b:2")]
    [InlineData("b=0.85344 a=0.85336", "a:1 b:1")]
    // ...but 0.85345 rounds away from zero to 0.8535, ahead of 0.85336 → 0.8534.
    [InlineData("a=0.85336 b=0.85345", "b:1 a:2")]
    // Midpoint rounds away from zero (banker's rounding would give 0.1234 and break the tie).
    [InlineData("a=0.1235 b=0.12345", "a:1 b:1")]
    [InlineData("a=-0.1235 b=-0.12345", "a:1 b:1")]
    // Ordinal key order: upper case before lower case, "10" before "9".
    [InlineData("b=1 a=1 B=1", "B:1 a:1 b:1")]
    [InlineData("9=1 10=1", "10:1 9:1")]
    public void Rank_Descending_IsStandardCompetitionRanking(string counties, string expected)
    {
        Assert.Equal(expected, Describe(Rank(descending: true, decimals: 4, Parse(counties))));
    }

    [Theory]
    [InlineData("a=0.9 b=0.8 c=0.7", "c:1 b:2 a:3")]
    [InlineData("a=0.9 b=0.8 c=0.8 d=0.7", "d:1 b:2 c:2 a:4")]
    [InlineData("a=- b=0.8 c=0.9", "b:1 c:2 a:-")]
    [InlineData("a=0.85344 b=0.85336 c=0.8", "c:1 a:2 b:2")]
    public void Rank_Ascending_LowestIsFirst(string counties, string expected)
    {
        Assert.Equal(expected, Describe(Rank(descending: false, decimals: 4, Parse(counties))));
    }

    [Theory]
    [InlineData(4, "a=0.85344 b=0.85336", "a:1 b:1")]
    [InlineData(5, "a=0.85344 b=0.85336", "a:1 b:2")]
    [InlineData(2, "a=0.854 b=0.846", "a:1 b:1")]
    [InlineData(3, "a=0.854 b=0.846", "a:1 b:2")]
    [InlineData(0, "a=1.4 b=0.6", "a:1 b:1")]
    [InlineData(28, "a=0.0000000000000000000000000002 b=0.0000000000000000000000000001", "a:1 b:2")]
    public void Rank_Decimals_DecideWhatCountsAsATie(int decimals, string counties, string expected)
    {
        Assert.Equal(expected, Describe(Rank(descending: true, decimals, Parse(counties))));
    }

    [Fact]
    public void Rank_Empty_IsEmpty()
    {
        Assert.Empty(CompetitionRanking.Rank(Array.Empty<County>(), c => c.Rate, c => c.Code));
    }

    [Fact]
    public void Rank_Score_IsTheRoundedValueRankedOn()
    {
        var ranked = Rank(descending: true, decimals: 4, new County("a", 0.85344m), new County("b", null));

        Assert.Equal(0.8534m, ranked[0].Score);
        Assert.Null(ranked[1].Score);
        Assert.Null(ranked[1].Rank);
    }

    [Fact]
    public void Rank_ReturnsTheSameItemInstances()
    {
        var a = new County("a", 1m);
        var b = new County("b", 2m);

        var ranked = CompetitionRanking.Rank([a, b], c => c.Rate, c => c.Code);

        Assert.Same(b, ranked[0].Item);
        Assert.Same(a, ranked[1].Item);
    }

    [Fact]
    public void Rank_EqualKeys_KeepInputOrder()
    {
        var first = new County("x", 1m);
        var second = new County("x", 1m);

        var ranked = CompetitionRanking.Rank([first, second], c => c.Rate, c => c.Code);

        Assert.Same(first, ranked[0].Item);
        Assert.Same(second, ranked[1].Item);
    }

    [Fact]
    public void Rank_CallsScoreOncePerItem()
    {
        var calls = 0;
        var counties = Parse("a=0.9 b=0.8 c=- d=0.8");

        var ranked = CompetitionRanking.Rank(counties, c => { calls++; return c.Rate; }, c => c.Code);

        Assert.Equal(4, ranked.Count);
        Assert.Equal(4, calls);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(29)]
    public void Rank_DecimalsOutOfRange_Throws(int decimals)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Rank(descending: true, decimals, Parse("a=1")));
    }

    [Fact]
    public void Rank_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => CompetitionRanking.Rank<County>(null!, c => c.Rate, c => c.Code));
        Assert.Throws<ArgumentNullException>(() => CompetitionRanking.Rank([new County("a", 1m)], null!, c => c.Code));
        Assert.Throws<ArgumentNullException>(() => CompetitionRanking.Rank([new County("a", 1m)], c => c.Rate, null!));
    }

    private static County[] Parse(string counties) =>
        counties.Split(' ')
            .Select(pair => pair.Split('='))
            .Select(p => new County(
                p[0],
                p[1] == "-" ? null : decimal.Parse(p[1], System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture)))
            .ToArray();
}
