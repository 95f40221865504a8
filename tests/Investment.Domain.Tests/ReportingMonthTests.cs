using System.Globalization;

namespace Investment.Domain.Tests;

public sealed class ReportingMonthTests
{
    [Theory]
    [InlineData(1900, 1)]
    [InlineData(2023, 7)]
    [InlineData(2024, 12)]
    [InlineData(9999, 12)]
    public void Constructor_ValidYearAndMonth_KeepsThem(int year, int month)
    {
        var m = new ReportingMonth(year, month);

        Assert.Equal(year, m.Year);
        Assert.Equal(month, m.Month);
    }

    [Theory]
    [InlineData(2023, 0)]
    [InlineData(2023, 13)]
    [InlineData(2023, -1)]
    [InlineData(1899, 12)]
    [InlineData(10000, 1)]
    [InlineData(0, 0)]
    public void Constructor_OutOfRange_Throws(int year, int month)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReportingMonth(year, month));
    }

    [Theory]
    [InlineData("2023-07", 2023, 7)]
    [InlineData("2023-12", 2023, 12)]
    [InlineData("2024-01", 2024, 1)]
    [InlineData("1900-01", 1900, 1)]
    [InlineData("9999-12", 9999, 12)]
    public void TryParse_ExactFormat_Succeeds(string text, int year, int month)
    {
        Assert.True(ReportingMonth.TryParse(text, out var m));
        Assert.Equal(new ReportingMonth(year, month), m);
        Assert.Equal(m, ReportingMonth.Parse(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2023-7")]
    [InlineData("2023-007")]
    [InlineData(" 2023-07")]
    [InlineData("2023-07 ")]
    [InlineData("2023/07")]
    [InlineData("2023-07-01")]
    [InlineData("202307")]
    [InlineData("2023-00")]
    [InlineData("2023-13")]
    [InlineData("1899-12")]
    [InlineData("23-07-")]
    [InlineData("2O23-07")]
    [InlineData("+023-07")]
    [InlineData("２０２３-07")]
    [InlineData("2023-٠٧")]
    public void TryParse_AnythingElse_Fails(string? text)
    {
        Assert.False(ReportingMonth.TryParse(text, out var m));
        Assert.Equal(default, m);
    }

    [Fact]
    public void Parse_Invalid_ThrowsFormatException()
    {
        var e = Assert.Throws<FormatException>(() => ReportingMonth.Parse("2023-13"));
        Assert.Equal("'2023-13' is not a month in the form yyyy-MM (e.g. 2023-07).", e.Message);
        Assert.Throws<ArgumentNullException>(() => ReportingMonth.Parse(null!));
    }

    [Theory]
    [InlineData(2023, 7, "2023-07")]
    [InlineData(2023, 12, "2023-12")]
    [InlineData(1900, 1, "1900-01")]
    public void ToString_IsYearHyphenTwoDigitMonth(int year, int month, string expected)
    {
        Assert.Equal(expected, new ReportingMonth(year, month).ToString());
    }

    [Fact]
    public void ToString_IgnoresCurrentCulture()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("ar-SA");
            Assert.Equal("2023-07", new ReportingMonth(2023, 7).ToString());
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Theory]
    [InlineData("2023-07", "2023-06", "2023-08")]
    [InlineData("2023-01", "2022-12", "2023-02")]
    [InlineData("2023-12", "2023-11", "2024-01")]
    public void PreviousAndNext_CrossYearBoundaries(string month, string previous, string next)
    {
        var m = ReportingMonth.Parse(month);

        Assert.Equal(previous, m.Previous.ToString());
        Assert.Equal(next, m.Next.ToString());
    }

    [Fact]
    public void PreviousAndNext_AtTheEndsOfTheRange_Throw()
    {
        Assert.Throws<InvalidOperationException>(() => new ReportingMonth(1900, 1).Previous);
        var e = Assert.Throws<InvalidOperationException>(() => new ReportingMonth(9999, 12).Next);
        Assert.Equal("9999-12 plus 1 months is outside 1900-01..9999-12.", e.Message);
        Assert.Throws<InvalidOperationException>(() => new ReportingMonth(1900, 6).SameMonthLastYear);
    }

    [Theory]
    [InlineData("2023-07", 0, "2023-07")]
    [InlineData("2023-07", 6, "2024-01")]
    [InlineData("2023-07", -7, "2022-12")]
    [InlineData("2023-07", -19, "2021-12")]
    [InlineData("2023-07", 30, "2026-01")]
    public void AddMonths_MovesByCalendarMonths(string month, int months, string expected)
    {
        Assert.Equal(expected, ReportingMonth.Parse(month).AddMonths(months).ToString());
    }

    [Theory]
    [InlineData("2023-07", "2022-07")]
    [InlineData("2024-02", "2023-02")]
    [InlineData("2023-01", "2022-01")]
    public void SameMonthLastYear_IsTwelveMonthsEarlier(string month, string expected)
    {
        Assert.Equal(expected, ReportingMonth.Parse(month).SameMonthLastYear.ToString());
    }

    [Theory]
    [InlineData("2023-07", "2023-01")]
    [InlineData("2023-01", "2023-01")]
    [InlineData("2023-12", "2023-01")]
    public void YearStart_IsJanuaryOfTheSameYear(string month, string expected)
    {
        Assert.Equal(expected, ReportingMonth.Parse(month).YearStart.ToString());
    }

    [Theory]
    [InlineData("2023-07", "2023-07-01", "2023-07-31")]
    [InlineData("2023-02", "2023-02-01", "2023-02-28")]
    [InlineData("2024-02", "2024-02-01", "2024-02-29")]
    [InlineData("1900-02", "1900-02-01", "1900-02-28")]
    [InlineData("2000-02", "2000-02-01", "2000-02-29")]
    [InlineData("2023-04", "2023-04-01", "2023-04-30")]
    [InlineData("2023-12", "2023-12-01", "2023-12-31")]
    public void FirstDayAndLastDay_IncludeLeapYears(string month, string first, string last)
    {
        var m = ReportingMonth.Parse(month);

        Assert.Equal(DateOnly.Parse(first, CultureInfo.InvariantCulture), m.FirstDay);
        Assert.Equal(DateOnly.Parse(last, CultureInfo.InvariantCulture), m.LastDay);
    }

    [Theory]
    [InlineData("2023-07-01", "2023-07")]
    [InlineData("2023-07-31", "2023-07")]
    [InlineData("2024-02-29", "2024-02")]
    [InlineData("2023-12-31", "2023-12")]
    public void Of_Date_IsTheMonthItFallsIn(string date, string expected)
    {
        Assert.Equal(expected, ReportingMonth.Of(DateOnly.Parse(date, CultureInfo.InvariantCulture)).ToString());
    }

    [Fact]
    public void Of_DateBefore1900_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ReportingMonth.Of(new DateOnly(1899, 12, 31)));
    }

    [Theory]
    [InlineData("2023-07", "2023-08", -1)]
    [InlineData("2023-08", "2023-07", 1)]
    [InlineData("2023-07", "2023-07", 0)]
    [InlineData("2022-12", "2023-01", -1)]
    [InlineData("2024-01", "2023-12", 1)]
    public void Comparison_IsChronological(string left, string right, int expectedSign)
    {
        var a = ReportingMonth.Parse(left);
        var b = ReportingMonth.Parse(right);

        Assert.Equal(expectedSign, Math.Sign(a.CompareTo(b)));
        Assert.Equal(expectedSign < 0, a < b);
        Assert.Equal(expectedSign > 0, a > b);
        Assert.Equal(expectedSign <= 0, a <= b);
        Assert.Equal(expectedSign >= 0, a >= b);
        Assert.Equal(expectedSign == 0, a == b);
    }

    [Fact]
    public void Sorting_OrdersChronologically()
    {
        var months = new[] { "2024-01", "2023-12", "2023-02", "2023-10" }.Select(ReportingMonth.Parse).Order();

        Assert.Equal(["2023-02", "2023-10", "2023-12", "2024-01"], months.Select(m => m.ToString()));
    }

    [Theory]
    [InlineData("2023-07", "2023-07", new[] { "2023-07" })]
    [InlineData("2023-11", "2024-02", new[] { "2023-11", "2023-12", "2024-01", "2024-02" })]
    [InlineData("2023-07", "2023-06", new string[0])]
    [InlineData("9999-11", "9999-12", new[] { "9999-11", "9999-12" })]
    public void MonthsThrough_IsInclusive(string start, string end, string[] expected)
    {
        var months = ReportingMonth.Parse(start).MonthsThrough(ReportingMonth.Parse(end));

        Assert.Equal(expected, months.Select(m => m.ToString()));
    }

    [Fact]
    public void MonthsThrough_AWholeYear_HasTwelveMonths()
    {
        var year = new ReportingMonth(2023, 1).MonthsThrough(new ReportingMonth(2023, 12)).ToList();

        Assert.Equal(12, year.Count);
        Assert.Equal(Enumerable.Range(1, 12), year.Select(m => m.Month));
    }

    [Fact]
    public void Deconstruct_GivesYearAndMonth()
    {
        var (year, month) = new ReportingMonth(2023, 7);

        Assert.Equal((2023, 7), (year, month));
    }
}
