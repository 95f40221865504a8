using Investment.Domain.Projects;
using static Investment.Domain.Projects.MilestoneKind;

namespace Investment.Domain.Tests.Projects;

public sealed class MilestoneOrderTests
{
    private static DateOnly D(string text) => DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static MilestoneDates Actual(MilestoneKind kind, string on) => new(kind, null, D(on));

    private static MilestoneDates Planned(MilestoneKind kind, string on) => new(kind, D(on), null);

    [Fact]
    public void OrderedPairs_AreTheStepsAndEverythingTheyImply()
    {
        (MilestoneKind, MilestoneKind)[] expected =
        [
            (Proposal, FeasibilityStudy), (Proposal, PreliminaryDesign), (Proposal, ConstructionDrawings),
            (FeasibilityStudy, PreliminaryDesign), (FeasibilityStudy, ConstructionDrawings),
            (PreliminaryDesign, ConstructionDrawings),
            (Start, HandoverAcceptance), (Start, Opening), (Start, CompletionAcceptance),
            (HandoverAcceptance, CompletionAcceptance),
        ];

        Assert.Equal(expected, MilestoneOrder.OrderedPairs);
    }

    [Fact]
    public void CompletionAcceptanceBeforeStart_WithoutAHandover_IsRefused()
    {
        var v = MilestoneOrder.FirstViolation([Actual(Start, "2021-03-01"), Actual(CompletionAcceptance, "2020-12-30")]);

        Assert.Equal(new MilestoneOrderViolation(Start, CompletionAcceptance, true, D("2021-03-01"), D("2020-12-30")), v);
    }

    [Fact]
    public void CompletionAcceptancePlannedBeforeStart_IsRefusedOnThePlannedDates()
    {
        var v = MilestoneOrder.FirstViolation([Planned(Start, "2024-06-01"), Planned(CompletionAcceptance, "2024-05-31")]);

        Assert.Equal(new MilestoneOrderViolation(Start, CompletionAcceptance, false, D("2024-06-01"), D("2024-05-31")), v);
    }

    [Fact]
    public void DrawingsBeforeTheProposal_SkippingEveryStageBetween_IsRefused()
    {
        var v = MilestoneOrder.FirstViolation([Actual(ConstructionDrawings, "2019-01-01"), Actual(Proposal, "2019-02-01")]);

        Assert.Equal((Proposal, ConstructionDrawings), (v!.Before, v.After));
    }

    [Fact]
    public void TheDirectStep_StillApplies()
    {
        var v = MilestoneOrder.FirstViolation([Actual(Start, "2022-05-01"), Actual(Opening, "2022-04-30")]);

        Assert.Equal((Start, Opening), (v!.Before, v.After));
    }

    [Fact]
    public void TheSameDay_IsInOrder()
    {
        Assert.Null(MilestoneOrder.FirstViolation(
            [new MilestoneDates(Start, D("2023-01-01"), D("2023-02-01")), new MilestoneDates(CompletionAcceptance, D("2023-01-01"), D("2023-02-01"))]));
    }

    [Fact]
    public void AWholeLifeInOrder_Passes()
    {
        MilestoneDates[] life =
        [
            Actual(Proposal, "2018-01-10"), Actual(FeasibilityStudy, "2018-06-01"), Actual(PreliminaryDesign, "2019-01-15"),
            Actual(ConstructionDrawings, "2019-07-01"), Actual(Start, "2019-12-01"), Actual(HandoverAcceptance, "2022-10-01"),
            Actual(Opening, "2022-09-28"), Actual(CompletionAcceptance, "2024-12-20"),
        ];

        Assert.Null(MilestoneOrder.FirstViolation(life));
    }

    public static TheoryData<MilestoneKind, string, MilestoneKind, string> Overlaps => new()
    {
        // Pairs that may overlap in practice are not checked, however far apart.
        { Start, "2020-01-01", LandApproval, "2021-01-01" },
        { PreliminaryDesign, "2020-01-01", ConstructionTender, "2019-01-01" },
        { CompletionAcceptance, "2020-01-01", Opening, "2021-01-01" },
        { Opening, "2020-01-01", HandoverAcceptance, "2021-01-01" },
        { ConstructionDrawings, "2020-01-01", Start, "2019-01-01" },
        { SiteAndLandPreReview, "2020-01-01", Proposal, "2021-01-01" },
    };

    [Theory]
    [MemberData(nameof(Overlaps))]
    public void PairsThatMayOverlap_AreNotChecked(MilestoneKind first, string firstOn, MilestoneKind second, string secondOn)
    {
        Assert.Null(MilestoneOrder.FirstViolation([Actual(first, firstOn), Actual(second, secondOn)]));
        Assert.Null(MilestoneOrder.FirstViolation([Planned(first, firstOn), Planned(second, secondOn)]));
    }

    [Fact]
    public void APlan_DoesNotContradictAnActual()
    {
        Assert.Null(MilestoneOrder.FirstViolation([Actual(Start, "2023-05-01"), Planned(CompletionAcceptance, "2023-01-01")]));
        Assert.Null(MilestoneOrder.FirstViolation([Planned(Start, "2023-05-01"), Actual(CompletionAcceptance, "2023-01-01")]));
    }

    [Fact]
    public void BothDatesBackwards_TheActualIsNamed()
    {
        var v = MilestoneOrder.FirstViolation(
            [new MilestoneDates(Start, D("2023-05-01"), D("2023-05-01")), new MilestoneDates(Opening, D("2023-01-01"), D("2023-01-01"))]);

        Assert.True(v!.Actual);
    }

    [Fact]
    public void SeveralBackwards_TheEarliestPairInTheLifeIsNamed()
    {
        var v = MilestoneOrder.FirstViolation(
        [
            Actual(CompletionAcceptance, "2020-01-01"), Actual(HandoverAcceptance, "2021-01-01"), Actual(Start, "2022-01-01"),
        ]);

        Assert.Equal((Start, HandoverAcceptance), (v!.Before, v.After));
    }

    [Fact]
    public void NoMilestones_Pass()
    {
        Assert.Null(MilestoneOrder.FirstViolation([]));
    }

    // Equivalent mutant (Stryker): removing ThrowIfNull(milestones) survives, as ToDictionary throws the same exception.
    [Fact]
    public void AKindTwice_Throws()
    {
        Assert.Throws<ArgumentException>(() => MilestoneOrder.FirstViolation([Actual(Start, "2023-01-01"), Actual(Start, "2023-02-01")]));
        Assert.Throws<ArgumentNullException>(() => MilestoneOrder.FirstViolation(null!));
    }
}
