using System.Globalization;
using Investment.Domain.Figures;
using Investment.Domain.Progress;

namespace Investment.Domain.Tests.Figures;

public sealed class InvestmentFiguresTests
{
    private static readonly LagThresholds Defaults = LagThresholds.Default;

    // Half the year's 1200 due in January, the rest spread over February..November, nothing in December.
    private static readonly decimal[] FrontLoaded = [600m, 60m, 60m, 60m, 60m, 60m, 60m, 60m, 60m, 60m, 60m, 0m];

    private static ReportingMonth M(string period) => ReportingMonth.Parse(period);

    private static decimal? R3(decimal? value) =>
        value is null ? null : decimal.Round(value.Value, 3, MidpointRounding.AwayFromZero);

    [Fact]
    public void ForSection_KeZhu2023_GivesTheSummaryFigures()
    {
        var kezhu = new SectionFigureInput(210000m, null, 20000m, 229000m, 300000m, 120000m, 68.8m, 50m);

        var f = InvestmentFigures.ForSection(kezhu, M("2023-12"), Defaults);

        Assert.Equal(229000m, f.YtdActual);
        Assert.Equal(1.090m, R3(f.CompletionRate));
        Assert.Equal(1m, f.TimeElapsedProgress);
        Assert.Equal(1.376m, f.PhysicalCompletion);
        Assert.Equal(68.8m, f.PhysicalProgress);
        Assert.Equal(50m, f.TargetPhysicalProgress);
        Assert.Equal(0.908m, R3(f.YoyGrowth));
        Assert.Equal(LagStatus.Green, f.LagStatus);
    }

    public static TheoryData<decimal, decimal, decimal, decimal?, decimal?> CompletionAndGrowth => new()
    {
        // plan, ytd, previous-year ytd, completion, yoy — rates to 6 decimals, half away from zero
        { 615000m, 637000m, 0m, 1.035772m, null },        // 1.03577235…
        { 398000m, 614000m, 361389m, 1.542714m, 0.699000m }, // 1.54271356…, 0.69900024…
        { 0m, 100m, 50m, null, 1m },
        { 100m, 0m, 0m, 0m, null },
        { 0m, 0m, 0m, null, null },
    };

    [Theory]
    [MemberData(nameof(CompletionAndGrowth))]
    public void ForSection_RatesComeFromTheSums(decimal plan, decimal ytd, decimal previous, decimal? completion, decimal? yoy)
    {
        var f = InvestmentFigures.ForSection(new SectionFigureInput(plan, null, 0m, ytd, ytd, previous), M("2023-12"), Defaults);

        Assert.Equal(completion, f.CompletionRate);
        Assert.Equal(yoy, f.YoyGrowth);
        Assert.Equal(plan, f.Plan);
    }

    [Theory]
    [InlineData("2023-01", 600)]
    [InlineData("2023-06", 900)]
    [InlineData("2023-12", 1200)]
    public void ForSection_FrontLoadedProfile_DiffersFromLinear(string period, int dueToDate)
    {
        var month = M(period).Month;
        var profiled = new SectionFigureInput(1200m, FrontLoaded, 0m, 0m, 0m, 0m);
        var linear = profiled with { MonthlyProfile = null };

        var withProfile = InvestmentFigures.ForSection(profiled, M(period), Defaults);
        var withoutProfile = InvestmentFigures.ForSection(linear, M(period), Defaults);

        Assert.Equal(dueToDate / 1200m, withProfile.TimeElapsedProgress);
        Assert.Equal(TimeElapsedProgress.Linear(month), withoutProfile.TimeElapsedProgress);
        Assert.Equal(dueToDate, InvestmentFigures.PlannedToDate(profiled, month));
        if (month < 12)
        {
            Assert.NotEqual(withProfile.TimeElapsedProgress, withoutProfile.TimeElapsedProgress);
        }
    }

    public static TheoryData<decimal, decimal, decimal, decimal, LagStatus?> LagStatuses => new()
    {
        // ytd of a 1200 plan at June (50% due), yellow below, red below, lag, status
        { 600m, -0.05m, -0.10m, 0m, LagStatus.Green },
        { 540m, -0.05m, -0.10m, -0.05m, LagStatus.Green },       // −0.05: at the threshold is not below it
        { 539m, -0.05m, -0.10m, -0.050833m, LagStatus.Yellow },
        { 480m, -0.05m, -0.10m, -0.1m, LagStatus.Yellow },       // −0.10: still yellow with the defaults
        { 479m, -0.05m, -0.10m, -0.100833m, LagStatus.Red },
        { 479m, -0.10m, -0.20m, -0.100833m, LagStatus.Yellow },  // the same lag, under looser thresholds
        { 599m, 0m, 0m, -0.000833m, LagStatus.Red },             // any lag at all is red
    };

    [Theory]
    [MemberData(nameof(LagStatuses))]
    public void ForSection_LagStatus_FollowsTheThresholds(decimal ytd, decimal yellowBelow, decimal redBelow, decimal lag, LagStatus? expected)
    {
        var f = InvestmentFigures.ForSection(new SectionFigureInput(1200m, null, 0m, ytd, ytd, 0m), M("2023-06"),
            new LagThresholds(yellowBelow, redBelow));

        Assert.Equal(lag, f.Lag);
        Assert.Equal(expected, f.LagStatus);
    }

    [Fact]
    public void ForSection_NoPlan_HasNullRatesButKeepsActuals()
    {
        var f = InvestmentFigures.ForSection(new SectionFigureInput(0m, null, 5m, 7m, 9m, 0m), M("2023-03"), Defaults);

        Assert.Equal((5m, 7m, 9m), (f.MonthActual, f.YtdActual, f.SinceStartActual));
        Assert.Null(f.CompletionRate);
        Assert.Null(f.TimeElapsedProgress);
        Assert.Null(f.Lag);
        Assert.Null(f.LagStatus);
        Assert.Null(f.YoyGrowth);
    }

    public static TheoryData<decimal?, decimal?, decimal?> PhysicalCompletions => new()
    {
        { 68.8m, 50m, 1.376m },
        { 56m, 80m, 0.7m },
        { null, 80m, null },
        { 56m, null, null },
        { 56m, 0m, null },
    };

    [Theory]
    [MemberData(nameof(PhysicalCompletions))]
    public void ForSection_PhysicalCompletion_IsProgressOverTarget(decimal? progress, decimal? target, decimal? expected)
    {
        var f = InvestmentFigures.ForSection(new SectionFigureInput(1m, null, 0m, 0m, 0m, 0m, progress, target), M("2023-12"), Defaults);

        Assert.Equal(expected, f.PhysicalCompletion);
    }

    [Fact]
    public void PlannedToDate_OfASection_IsTheProfileToDateOrTheLinearShare()
    {
        decimal[] profile = [0m, 0m, 100m, 100m, 100m, 100m, 100m, 100m, 100m, 100m, 100m, 300m];
        var profiled = InvestmentFigures.ForSection(new SectionFigureInput(1200m, profile, 0m, 150m, 150m, 0m), M("2023-04"), Defaults);
        var linear = InvestmentFigures.ForSection(new SectionFigureInput(1200m, null, 0m, 150m, 150m, 0m), M("2023-04"), Defaults);

        Assert.Equal(200m, profiled.PlannedToDate);
        Assert.Equal(400m, linear.PlannedToDate);
    }

    [Fact]
    public void PlannedToDate_OfAGroup_AddsEachSectionsOwnSchedule()
    {
        decimal[] profile = [0m, 0m, 100m, 100m, 100m, 100m, 100m, 100m, 100m, 100m, 100m, 300m];
        var f = InvestmentFigures.ForGroup(
            [new SectionFigureInput(1200m, profile, 0m, 0m, 0m, 0m), new SectionFigureInput(600m, null, 0m, 0m, 0m, 0m)],
            M("2023-04"), Defaults);

        Assert.Equal(400m, f.PlannedToDate); // 200 profiled + 600 × 4/12
        Assert.Equal(0.222222m, f.TimeElapsedProgress); // 400 ÷ 1800
    }

    [Fact]
    public void ForGroup_Empty_IsZerosAndNulls()
    {
        var f = InvestmentFigures.ForGroup([], M("2023-12"), Defaults);

        Assert.Equal(new FigureSet(0m, 0m, 0m, 0m, 0m, null, null, null, null, null, null, null, null, 0m), f);
    }

    [Fact]
    public void ForGroup_OneSection_IsExactlyTheSectionFigures()
    {
        var g235 = new SectionFigureInput(185000m, null, 17000m, 190000m, 400000m, 170000m, 56m, 80m);

        Assert.Equal(InvestmentFigures.ForSection(g235, M("2023-07"), Defaults),
            InvestmentFigures.ForGroup([g235], M("2023-07"), Defaults));
    }

    [Fact]
    public void ForGroup_SumsAmountsAndTakesRatesFromTheSums()
    {
        SectionFigureInput[] sections =
        [
            new(210000m, null, 20000m, 229000m, 300000m, 120000m, 68.8m, 50m),
            new(185000m, null, 17000m, 190000m, 400000m, 170000m, 56m, 80m),
            new(0m, null, 1m, 2m, 3m, 0m),
        ];

        var f = InvestmentFigures.ForGroup(sections, M("2023-12"), Defaults);

        Assert.Equal(395000m, f.Plan);
        Assert.Equal(37001m, f.MonthActual);
        Assert.Equal(419002m, f.YtdActual);
        Assert.Equal(700003m, f.SinceStartActual);
        Assert.Equal(290000m, f.PreviousYearYtd);
        Assert.Equal(1.060765m, f.CompletionRate);       // 1.06076455…
        Assert.Equal(1m, f.TimeElapsedProgress);
        Assert.Equal(0.444834m, f.YoyGrowth);            // 0.44483448…
        Assert.Null(f.PhysicalProgress);
        Assert.Null(f.PhysicalCompletion);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(11)]
    public void ForGroup_AllLinear_IsExactlyMonthOverTwelve(int month)
    {
        SectionFigureInput[] sections = [new(7m, null, 0m, 0m, 0m, 0m), new(3.0001m, null, 0m, 0m, 0m, 0m), new(210000m, null, 0m, 0m, 0m, 0m)];

        var f = InvestmentFigures.ForGroup(sections, new ReportingMonth(2023, month), Defaults);

        Assert.Equal(TimeElapsedProgress.Linear(month), f.TimeElapsedProgress);
    }

    [Fact]
    public void ForGroup_MixedProfiles_WeighsEachSectionsPlannedToDateByPlan()
    {
        // At March: the front-loaded 1200 has 720 due, the linear 2400 has 600 due: 1320 of 3600.
        SectionFigureInput[] sections = [new(1200m, FrontLoaded, 0m, 0m, 0m, 0m), new(2400m, null, 0m, 0m, 0m, 0m)];

        var f = InvestmentFigures.ForGroup(sections, M("2023-03"), Defaults);

        Assert.Equal(0.366667m, f.TimeElapsedProgress);
        Assert.NotEqual(TimeElapsedProgress.Linear(3), f.TimeElapsedProgress);
    }

    [Fact]
    public void ForGroup_PlansAllZero_HasNullTimeElapsed()
    {
        SectionFigureInput[] sections = [SectionFigureInput.Empty, new(0m, new decimal[12], 0m, 10m, 10m, 0m)];

        var f = InvestmentFigures.ForGroup(sections, M("2023-06"), Defaults);

        Assert.Null(f.TimeElapsedProgress);
        Assert.Null(f.CompletionRate);
        Assert.Equal(10m, f.YtdActual);
    }

    [Theory]
    [InlineData(83800, 436800, 0.192)]
    [InlineData(347800, 436800, 0.796)]
    [InlineData(0, 436800, 0)]
    public void ShareOf_IsPartOverTotal(int part, int total, double rounded)
    {
        Assert.Equal((decimal)rounded, R3(InvestmentFigures.ShareOf(part, total)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void ShareOf_NothingToShare_IsNull(int total)
    {
        Assert.Null(InvestmentFigures.ShareOf(5m, total));
    }

    [Fact]
    public void PlannedToDate_MalformedProfile_Throws()
    {
        Assert.Throws<ArgumentException>(() => InvestmentFigures.PlannedToDate(new SectionFigureInput(1m, new decimal[11], 0m, 0m, 0m, 0m), 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => InvestmentFigures.PlannedToDate(SectionFigureInput.Empty, 13));
    }

    // Planned-to-date under the profile-weighted rule, where the lag and its colour rest (issue 11, mutation testing).

    // 50 in January, 100 a month February..November, 150 in December: 1200, with December planned.
    private static readonly decimal[] WithDecember = [50m, 100m, 100m, 100m, 100m, 100m, 100m, 100m, 100m, 100m, 100m, 150m];

    [Theory]
    [InlineData(1, "50", "0.041667")]
    [InlineData(11, "1050", "0.875")]
    [InlineData(12, "1200", "1")]
    public void ForSection_ProfileWithDecember_CountsDecemberOnlyInDecember(int month, string due, string elapsed)
    {
        var f = InvestmentFigures.ForSection(new SectionFigureInput(1200m, WithDecember, 0m, 1050m, 1050m, 0m), new ReportingMonth(2023, month), Defaults);

        Assert.Equal(decimal.Parse(due, CultureInfo.InvariantCulture), f.PlannedToDate);
        Assert.Equal(decimal.Parse(elapsed, CultureInfo.InvariantCulture), f.TimeElapsedProgress);
    }

    [Fact]
    public void ForGroup_ProfileWithDecember_AtNovemberAndDecember()
    {
        // November: 1050 of the profiled 1200 and 550 of a linear 600 → 1600 of 1800; December: everything.
        SectionFigureInput[] sections = [new(1200m, WithDecember, 0m, 900m, 900m, 0m), new(600m, null, 0m, 300m, 300m, 0m)];

        var november = InvestmentFigures.ForGroup(sections, M("2023-11"), Defaults);
        var december = InvestmentFigures.ForGroup(sections, M("2023-12"), Defaults);

        Assert.Equal(1600m, november.PlannedToDate);
        Assert.Equal(0.888889m, november.TimeElapsedProgress);
        Assert.Equal(-0.222222m, november.Lag);            // 0.666667 − 0.888889
        Assert.Equal(LagStatus.Red, november.LagStatus);
        Assert.Equal(1800m, december.PlannedToDate);
        Assert.Equal(1m, december.TimeElapsedProgress);
    }

    [Theory]
    // The front-loaded shape (600 of 1200 in January) applied to a plan of 1000: half of it due in January.
    [InlineData(1, "500", "0.5")]
    [InlineData(6, "750", "0.75")]
    [InlineData(11, "1000", "1")]
    public void ForSection_ProfileThatDoesNotAddUpToThePlan_AppliesItsShapeToThePlan(int month, string due, string elapsed)
    {
        var f = InvestmentFigures.ForSection(new SectionFigureInput(1000m, FrontLoaded, 0m, 0m, 0m, 0m), new ReportingMonth(2023, month), Defaults);

        Assert.Equal(decimal.Parse(due, CultureInfo.InvariantCulture), f.PlannedToDate);
        Assert.Equal(decimal.Parse(elapsed, CultureInfo.InvariantCulture), f.TimeElapsedProgress);
    }

    [Fact]
    public void ForGroup_ProfileThatDoesNotAddUpToThePlan_IsWeightedByThePlan()
    {
        // A shape of 3 per month for a plan of 100 (33.3333 due by April, to the yuan) beside a 200 linear (66.6667).
        decimal[] threes = [3m, 3m, 3m, 3m, 3m, 3m, 3m, 3m, 3m, 3m, 3m, 3m];
        SectionFigureInput[] sections = [new(100m, threes, 0m, 0m, 0m, 0m), new(200m, null, 0m, 0m, 0m, 0m)];

        var f = InvestmentFigures.ForGroup(sections, M("2023-04"), Defaults);

        Assert.Equal(100m, f.PlannedToDate);
        Assert.Equal(0.333333m, f.TimeElapsedProgress);
    }

    [Fact]
    public void ForSection_AllZeroProfileWithAPlan_ExpectsNothingYet_SoTheLagIsTheCompletion()
    {
        var f = InvestmentFigures.ForSection(new SectionFigureInput(500m, new decimal[12], 0m, 100m, 100m, 0m), M("2023-06"), Defaults);

        Assert.Equal(0m, f.PlannedToDate);
        Assert.Equal(0m, f.TimeElapsedProgress);
        Assert.Equal(0.2m, f.CompletionRate);
        Assert.Equal(0.2m, f.Lag);
        Assert.Equal(LagStatus.Green, f.LagStatus);
    }

    [Fact]
    public void ForGroup_AllZeroProfileWithAPlan_CountsItsPlanButNothingDue()
    {
        SectionFigureInput[] sections = [new(600m, new decimal[12], 0m, 0m, 0m, 0m), new(600m, null, 0m, 300m, 300m, 0m)];

        var f = InvestmentFigures.ForGroup(sections, M("2023-06"), Defaults);

        Assert.Equal(300m, f.PlannedToDate);   // only the linear half's 300
        Assert.Equal(0.25m, f.TimeElapsedProgress);
        Assert.Equal(0m, f.Lag);
    }

    [Fact]
    public void ANegativeMonthInTheProfile_IsRefusedEverywhere()
    {
        var profile = (decimal[])WithDecember.Clone();
        profile[11] = -150m;
        var section = new SectionFigureInput(1200m, profile, 0m, 0m, 0m, 0m);

        Assert.Throws<ArgumentException>(() => InvestmentFigures.PlannedToDate(section, 1));
        Assert.Throws<ArgumentException>(() => InvestmentFigures.ForSection(section, M("2023-01"), Defaults));
        Assert.Throws<ArgumentException>(() => InvestmentFigures.ForGroup([section, SectionFigureInput.Empty], M("2023-01"), Defaults));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(13)]
    public void PlannedToDate_MonthOutsideTheYear_Throws_LinearOrProfiled(int month)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => InvestmentFigures.PlannedToDate(new SectionFigureInput(1200m, null, 0m, 0m, 0m, 0m), month));
        Assert.Throws<ArgumentOutOfRangeException>(() => InvestmentFigures.PlannedToDate(new SectionFigureInput(1200m, WithDecember, 0m, 0m, 0m, 0m), month));
    }

    [Theory]
    [InlineData(1, "100")]
    [InlineData(12, "1200")]
    public void PlannedToDate_Linear_IsThePlanTimesMonthOverTwelve(int month, string expected)
    {
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture),
            InvestmentFigures.PlannedToDate(new SectionFigureInput(1200m, null, 0m, 0m, 0m, 0m), month));
    }

    // Equivalent mutants (Stryker): removing ThrowIfNull(thresholds) in ForSection or ForGroup survives, since the rates
    // then reach Lag.StatusOf, which throws the same ArgumentNullException; the checks stay so the parameter is named.
    [Fact]
    public void NullArguments_Throw()
    {
        var one = new SectionFigureInput(1m, null, 0m, 0m, 0m, 0m);
        Assert.Throws<ArgumentNullException>(() => InvestmentFigures.PlannedToDate(null!, 1));
        Assert.Throws<ArgumentNullException>(() => InvestmentFigures.ForSection(null!, M("2023-01"), Defaults));
        Assert.Throws<ArgumentNullException>(() => InvestmentFigures.ForSection(one, M("2023-01"), null!));
        Assert.Throws<ArgumentNullException>(() => InvestmentFigures.ForGroup(null!, M("2023-01"), Defaults));
        Assert.Throws<ArgumentNullException>(() => InvestmentFigures.ForGroup([one, one], M("2023-01"), null!));
        Assert.Throws<ArgumentNullException>(() => InvestmentFigures.RatesOf(1m, 1m, 1m, 1m, null!));
    }

    [Fact]
    public void RatesOf_AreTheRatesOfTheSums()
    {
        var r = InvestmentFigures.RatesOf(1200m, 700m, 539m, 490m, Defaults);

        Assert.Equal(new FigureRates(0.449167m, 0.583333m, -0.134166m, LagStatus.Red, 0.1m), r);
    }

    [Fact]
    public void ForGroup_PhysicalFields_AreNullForSeveralSections()
    {
        var a = new SectionFigureInput(100m, null, 0m, 50m, 50m, 0m, 40m, 80m);

        var f = InvestmentFigures.ForGroup([a, a], M("2023-06"), Defaults);

        Assert.Null(f.PhysicalProgress);
        Assert.Null(f.TargetPhysicalProgress);
        Assert.Null(f.PhysicalCompletion);
        Assert.Equal(100m, f.SinceStartActual);
        Assert.Equal(0.5m, f.CompletionRate);
    }
}
