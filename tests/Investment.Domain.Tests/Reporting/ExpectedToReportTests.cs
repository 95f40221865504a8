using Investment.Domain.Reporting;

namespace Investment.Domain.Tests.Reporting;

public sealed class ExpectedToReportTests
{
    private static bool In(string month, bool archived = false, string activeFrom = "2023-03-01", string? acceptedOn = null) =>
        ExpectedToReport.In(ReportingMonth.Parse(month), archived, DateOnly.Parse(activeFrom, System.Globalization.CultureInfo.InvariantCulture),
            acceptedOn is null ? null : DateOnly.Parse(acceptedOn, System.Globalization.CultureInfo.InvariantCulture));

    [Theory]
    // From the first reporting month on, not before.
    [InlineData("2023-02", false)]
    [InlineData("2023-03", true)]
    [InlineData("2030-12", true)]
    public void In_FromActiveFrom_OpenEndedWithoutCompletionAcceptance(string month, bool expected)
    {
        Assert.Equal(expected, In(month));
    }

    [Fact]
    public void In_ActiveFromMidMonth_CountsTheWholeMonth()
    {
        Assert.True(In("2023-03", activeFrom: "2023-03-31"));
        Assert.False(In("2023-02", activeFrom: "2023-03-31"));
    }

    [Theory]
    // Through the month of the actual completion acceptance, not after: accepted on the 1st or the 31st alike.
    [InlineData("2023-09-30", "2023-09", true)]
    [InlineData("2023-09-30", "2023-10", false)]
    [InlineData("2023-09-01", "2023-09", true)]
    [InlineData("2023-09-01", "2023-10", false)]
    [InlineData("2023-03-15", "2023-03", true)]
    public void In_ThroughTheCompletionAcceptanceMonth(string acceptedOn, string month, bool expected)
    {
        Assert.Equal(expected, In(month, acceptedOn: acceptedOn));
    }

    [Fact]
    public void In_AcceptedBeforeTheSectionStarts_NoMonthIsExpected()
    {
        Assert.False(In("2023-03", acceptedOn: "2023-02-28"));
        Assert.False(In("2023-02", acceptedOn: "2023-02-28"));
    }

    [Fact]
    public void In_ArchivedProject_NeverExpected()
    {
        Assert.False(In("2023-05", archived: true));
        Assert.True(In("2023-05", archived: false));
    }
}
