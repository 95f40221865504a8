using System.Globalization;
using Investment.Domain.Projects;

namespace Investment.Domain.Tests.Projects;

public sealed class ProjectClassRuleTests
{
    // Milestones are written "code=planned/actual", "-" for a missing date, separated by spaces.
    [Theory]
    // Reserve: nothing, or nothing effective.
    [InlineData("", "2023-07-15", ProjectClass.Reserve)]
    [InlineData("proposal=2022-01-01/-", "2023-07-15", ProjectClass.Reserve)]
    [InlineData("proposal=-/-", "2023-07-15", ProjectClass.Reserve)]
    [InlineData("start=2023-03-01/-", "2023-07-15", ProjectClass.Reserve)]
    [InlineData("start=2023-07-15/-", "2023-07-15", ProjectClass.Reserve)]
    [InlineData("feasibility_study=2024-02-01/-", "2023-07-15", ProjectClass.Reserve)]
    [InlineData("proposal=-/2024-01-05", "2024-02-01", ProjectClass.Reserve)]
    [InlineData("start=2023-10-01/2024-01-10", "2024-02-01", ProjectClass.Reserve)]
    [InlineData("start=-/2024-01-01", "2024-02-01", ProjectClass.Reserve)]
    [InlineData("proposal=2024-01-01/-", "2023-07-15", ProjectClass.Reserve)]
    // Preliminary: a preliminary-work milestone done, or planned for later this year.
    [InlineData("proposal=-/2022-05-01", "2023-07-15", ProjectClass.Preliminary)]
    [InlineData("land_approval=-/2023-12-31", "2024-01-15", ProjectClass.Preliminary)]
    [InlineData("feasibility_study=2023-10-01/-", "2023-07-15", ProjectClass.Preliminary)]
    [InlineData("proposal=-/2021-03-01 start=2023-03-01/-", "2023-07-15", ProjectClass.Preliminary)]
    [InlineData("proposal=-/2022-03-01 start=-/2024-01-10", "2024-03-01", ProjectClass.Preliminary)]
    [InlineData("proposal=-/2022-03-01 start=2024-04-01/-", "2023-07-15", ProjectClass.Preliminary)]
    // New start: started in the year, actually or by a plan still in the future.
    [InlineData("start=-/2023-03-01", "2023-07-15", ProjectClass.NewStart)]
    [InlineData("start=-/2023-01-01", "2023-07-15", ProjectClass.NewStart)]
    [InlineData("start=2023-10-01/-", "2023-07-15", ProjectClass.NewStart)]
    [InlineData("start=2023-07-16/-", "2023-07-15", ProjectClass.NewStart)]
    [InlineData("start=2024-05-01/2023-06-01", "2023-07-15", ProjectClass.NewStart)]
    [InlineData("proposal=-/2021-01-01 start=-/2023-06-01 opening=2025-06-30/-", "2023-07-15", ProjectClass.NewStart)]
    [InlineData("start=-/2023-06-01 opening=2023-03-01/-", "2023-07-15", ProjectClass.NewStart)]
    // Continuing: started before the year, not completed in or before it.
    [InlineData("start=-/2022-06-01", "2023-07-15", ProjectClass.Continuing)]
    [InlineData("start=-/2022-12-31", "2023-07-15", ProjectClass.Continuing)]
    [InlineData("start=-/2022-06-01 opening=2024-06-01/-", "2023-07-15", ProjectClass.Continuing)]
    [InlineData("start=-/2022-06-01 opening=2023-05-01/-", "2023-07-15", ProjectClass.Continuing)]
    [InlineData("start=-/2022-06-01 opening=-/2024-01-02", "2024-02-01", ProjectClass.Continuing)]
    [InlineData("start=-/2022-06-01 opening=-/2024-01-01", "2024-02-01", ProjectClass.Continuing)]
    [InlineData("start=-/2022-06-01 opening=2024-01-01/-", "2023-07-15", ProjectClass.Continuing)]
    [InlineData("start=-/2023-03-01 start=-/2022-11-01", "2023-07-15", ProjectClass.Continuing)]
    // Completed in the year, including by a plan still in the future, and without a recorded start.
    [InlineData("start=-/2022-06-01 handover_acceptance=-/2023-06-01", "2023-07-15", ProjectClass.Completed)]
    [InlineData("start=-/2022-06-01 opening=-/2023-12-31", "2024-01-15", ProjectClass.Completed)]
    [InlineData("start=-/2022-06-01 opening=2023-11-01/-", "2023-07-15", ProjectClass.Completed)]
    [InlineData("start=-/2021-06-01 completion_acceptance=-/2023-02-01", "2023-07-15", ProjectClass.Completed)]
    [InlineData("opening=-/2023-05-01", "2023-07-15", ProjectClass.Completed)]
    // Started and completed in the same year: completed wins over new start.
    [InlineData("start=-/2023-02-01 opening=-/2023-06-30", "2023-07-15", ProjectClass.Completed)]
    [InlineData("start=2023-08-01/- opening=2023-12-20/-", "2023-07-15", ProjectClass.Completed)]
    // In service: completed before the year; the earliest completion milestone counts.
    [InlineData("start=-/2020-06-01 completion_acceptance=-/2022-12-31", "2023-07-15", ProjectClass.InService)]
    [InlineData("start=-/2020-06-01 opening=-/2022-12-01 handover_acceptance=-/2023-03-01", "2023-07-15", ProjectClass.InService)]
    [InlineData("start=-/2020-06-01 handover_acceptance=-/2021-10-01 completion_acceptance=2023-09-01/-", "2023-07-15", ProjectClass.InService)]
    public void Classify_2023(string milestones, string asOf, ProjectClass expected)
    {
        Assert.Equal(expected, ProjectClassRule.Classify(2023, Parse(milestones), D(asOf)));
    }

    [Fact]
    public void Classify_PlanningNextYear_PlannedStartMakesANewStart()
    {
        var milestones = Parse("proposal=-/2022-03-01 start=2024-03-01/-");

        Assert.Equal(ProjectClass.Preliminary, ProjectClassRule.Classify(2023, milestones, D("2023-12-15")));
        Assert.Equal(ProjectClass.NewStart, ProjectClassRule.Classify(2024, milestones, D("2023-12-15")));
    }

    [Theory]
    [InlineData(2020, ProjectClass.Reserve)]
    [InlineData(2021, ProjectClass.Preliminary)]
    [InlineData(2022, ProjectClass.NewStart)]
    [InlineData(2023, ProjectClass.Continuing)]
    [InlineData(2024, ProjectClass.Completed)]
    [InlineData(2025, ProjectClass.InService)]
    public void Classify_OneProjectOverTheYears(int year, ProjectClass expected)
    {
        var milestones = Parse("proposal=-/2021-04-01 feasibility_study=-/2021-11-01 start=-/2022-05-01 opening=-/2024-09-30");

        Assert.Equal(expected, ProjectClassRule.Classify(year, milestones, D("2025-06-30")));
    }

    [Theory]
    [InlineData("2023-07-01", "2023-06-30", "2023-06-30")]
    [InlineData(null, "2023-06-30", "2023-06-30")]
    [InlineData("2023-08-01", null, "2023-08-01")]
    [InlineData("2023-07-01", null, null)]
    [InlineData("2023-06-30", null, null)]
    [InlineData(null, null, null)]
    public void EffectiveDate_ActualElseFuturePlan(string? planned, string? actual, string? expected)
    {
        var milestone = new MilestoneDates(MilestoneKind.Start, N(planned), N(actual));

        Assert.Equal(N(expected), ProjectClassRule.EffectiveDate(milestone, D("2023-07-01")));
    }

    [Theory]
    [InlineData(1899)]
    [InlineData(10000)]
    public void Classify_YearOutOfRange_Throws(int year)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ProjectClassRule.Classify(year, [], D("2023-07-01")));
    }

    [Fact]
    public void Classify_NullMilestones_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => ProjectClassRule.Classify(2023, null!, D("2023-07-01")));
        Assert.Throws<ArgumentNullException>(() => ProjectClassRule.Classify(2023, [null!], D("2023-07-01")));
    }

    private static DateOnly D(string date) => DateOnly.Parse(date, CultureInfo.InvariantCulture);

    private static DateOnly? N(string? date) => date is null or "-" ? null : D(date);

    private static List<MilestoneDates> Parse(string milestones) =>
        milestones.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(entry =>
            {
                var (code, dates) = (entry[..entry.IndexOf('=', StringComparison.Ordinal)], entry[(entry.IndexOf('=', StringComparison.Ordinal) + 1)..].Split('/'));
                Assert.True(MilestoneKinds.TryParse(code, out var kind), $"unknown milestone code '{code}' in test data");
                return new MilestoneDates(kind, N(dates[0]), N(dates[1]));
            })
            .ToList();
}
