using System.Globalization;
using Investment.Domain.LandIssues;

namespace Investment.Domain.Tests.LandIssues;

public sealed class LandIssueAgeTests
{
    private static DateOnly D(string date) => DateOnly.Parse(date, CultureInfo.InvariantCulture);

    private static DateOnly? N(string? date) => date is null ? null : D(date);

    [Theory]
    [InlineData("2023-07-01", null, "2023-07-01", 0)]
    [InlineData("2023-07-01", null, "2023-07-31", 30)]
    [InlineData("2023-01-01", null, "2024-01-01", 365)]
    [InlineData("2024-01-01", null, "2025-01-01", 366)]
    [InlineData("2024-02-28", null, "2024-03-01", 2)]
    [InlineData("2023-07-01", "2023-07-01", "2023-12-31", 0)]
    [InlineData("2023-07-01", "2023-07-11", "2023-12-31", 10)]
    [InlineData("2023-07-01", "2023-07-11", "2023-07-11", 10)]
    // Resolved after asOf: still open on asOf, so the age runs to asOf.
    [InlineData("2023-07-01", "2023-12-01", "2023-07-21", 20)]
    // Identified after asOf: did not exist yet, never a negative age.
    [InlineData("2023-08-01", null, "2023-07-31", 0)]
    public void DaysOpen_CountsCalendarDaysToResolutionOrAsOf(string identified, string? resolved, string asOf, int expected)
    {
        Assert.Equal(expected, LandIssueAge.DaysOpen(D(identified), N(resolved), D(asOf)));
    }

    [Fact]
    public void DaysOpen_ResolvedBeforeIdentified_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => LandIssueAge.DaysOpen(D("2023-07-02"), D("2023-07-01"), D("2023-08-01")));
        Assert.StartsWith("An issue cannot be resolved before it was identified.", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "0-30")]
    [InlineData(30, "0-30")]
    [InlineData(31, "31-90")]
    [InlineData(90, "31-90")]
    [InlineData(91, "91-180")]
    [InlineData(180, "91-180")]
    [InlineData(181, "181-365")]
    [InlineData(365, "181-365")]
    [InlineData(366, ">365")]
    [InlineData(int.MaxValue, ">365")]
    public void Bucket_BoundariesBelongToTheLowerBucket(int days, string expected)
    {
        Assert.Equal(expected, LandIssueAge.Bucket(days));
    }

    [Fact]
    public void Bucket_NegativeDays_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LandIssueAge.Bucket(-1));
    }

    [Fact]
    public void Buckets_ListsEveryBucketYoungestFirst()
    {
        Assert.Equal(["0-30", "31-90", "91-180", "181-365", ">365"], LandIssueAge.Buckets);
        Assert.Equal(LandIssueAge.Buckets, new[] { 0, 31, 91, 181, 366 }.Select(LandIssueAge.Bucket));
    }

    [Theory]
    [InlineData("2023-07-10", null, "2023-07-11", true)]
    [InlineData("2023-07-10", null, "2023-07-10", false)]
    [InlineData("2023-07-10", null, "2023-07-09", false)]
    [InlineData(null, null, "2023-07-11", false)]
    [InlineData("2023-07-10", "2023-07-20", "2023-08-01", false)]
    [InlineData("2023-07-10", "2023-07-05", "2023-08-01", false)]
    [InlineData(null, "2023-07-05", "2023-08-01", false)]
    // Resolved after asOf: still open (and overdue) on asOf.
    [InlineData("2023-07-10", "2023-09-01", "2023-08-01", true)]
    [InlineData("2023-07-10", "2023-08-01", "2023-08-01", false)]
    public void IsOverdue_OpenAndDueBeforeAsOf(string? due, string? resolved, string asOf, bool expected)
    {
        Assert.Equal(expected, LandIssueAge.IsOverdue(N(due), N(resolved), D(asOf)));
    }
}
