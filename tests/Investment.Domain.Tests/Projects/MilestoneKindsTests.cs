using Investment.Domain.Projects;

namespace Investment.Domain.Tests.Projects;

public sealed class MilestoneKindsTests
{
    [Theory]
    [InlineData(MilestoneKind.Proposal, "proposal", true)]
    [InlineData(MilestoneKind.FeasibilityStudy, "feasibility_study", true)]
    [InlineData(MilestoneKind.SiteAndLandPreReview, "site_land_prereview", true)]
    [InlineData(MilestoneKind.PreliminaryDesign, "preliminary_design", true)]
    [InlineData(MilestoneKind.ConstructionDrawings, "construction_drawings", true)]
    [InlineData(MilestoneKind.ConstructionTender, "construction_tender", true)]
    [InlineData(MilestoneKind.LandApproval, "land_approval", true)]
    [InlineData(MilestoneKind.Start, "start", false)]
    [InlineData(MilestoneKind.HandoverAcceptance, "handover_acceptance", false)]
    [InlineData(MilestoneKind.Opening, "opening", false)]
    [InlineData(MilestoneKind.CompletionAcceptance, "completion_acceptance", false)]
    public void Codes_RoundTrip_AndPreliminaryWorkIsBeforeStart(MilestoneKind kind, string code, bool preliminary)
    {
        Assert.Equal(code, MilestoneKinds.ToCode(kind));
        Assert.True(MilestoneKinds.TryParse(code, out var parsed));
        Assert.Equal(kind, parsed);
        Assert.Equal(preliminary, MilestoneKinds.IsPreliminaryWork(kind));
    }

    [Fact]
    public void All_HasElevenKindsWithDistinctCodes()
    {
        Assert.Equal(11, MilestoneKinds.All.Count);
        Assert.Equal(11, MilestoneKinds.All.Select(MilestoneKinds.ToCode).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(7, MilestoneKinds.All.Count(MilestoneKinds.IsPreliminaryWork));
    }

    [Theory]
    [InlineData(MilestoneKind.HandoverAcceptance, true)]
    [InlineData(MilestoneKind.Opening, true)]
    [InlineData(MilestoneKind.CompletionAcceptance, true)]
    [InlineData(MilestoneKind.Start, false)]
    [InlineData(MilestoneKind.LandApproval, false)]
    public void IsCompletion_OnlyTheThreeCompletionMilestones(MilestoneKind kind, bool expected)
    {
        Assert.Equal(expected, MilestoneKinds.IsCompletion(kind));
        Assert.Equal(expected, MilestoneKinds.Completion.Contains(kind));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Start")]
    [InlineData(" start")]
    [InlineData("site_and_land_pre_review")]
    [InlineData("Proposal")]
    [InlineData("7")]
    public void TryParse_UnknownCode_Fails(string? code)
    {
        Assert.False(MilestoneKinds.TryParse(code, out _));
    }

    [Fact]
    public void ToCode_UndefinedValue_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MilestoneKinds.ToCode((MilestoneKind)99));
    }
}
