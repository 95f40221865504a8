using Investment.Domain.Reporting;

namespace Investment.Domain.Tests.Reporting;

public sealed class ReportWorkflowTests
{
    public static TheoryData<ReportState, ReportAction, ReportState?> Transitions => new()
    {
        { ReportState.Draft, ReportAction.Submit, ReportState.Submitted },
        { ReportState.Returned, ReportAction.Submit, ReportState.Submitted },
        { ReportState.Submitted, ReportAction.Submit, null },
        { ReportState.Approved, ReportAction.Submit, null },
        { ReportState.Superseded, ReportAction.Submit, null },
        { ReportState.Submitted, ReportAction.Approve, ReportState.Approved },
        { ReportState.Draft, ReportAction.Approve, null },
        { ReportState.Returned, ReportAction.Approve, null },
        { ReportState.Approved, ReportAction.Approve, null },
        { ReportState.Superseded, ReportAction.Approve, null },
        { ReportState.Submitted, ReportAction.Return, ReportState.Returned },
        { ReportState.Draft, ReportAction.Return, null },
        { ReportState.Returned, ReportAction.Return, null },
        { ReportState.Approved, ReportAction.Return, null },
        { ReportState.Superseded, ReportAction.Return, null },
    };

    [Theory]
    [MemberData(nameof(Transitions))]
    public void After_FollowsTheWorkflow(ReportState from, ReportAction action, ReportState? expected)
    {
        Assert.Equal(expected, ReportWorkflow.After(from, action));
    }

    [Theory]
    [InlineData(ReportState.Draft, true, true)]
    [InlineData(ReportState.Submitted, true, false)]
    [InlineData(ReportState.Returned, true, true)]
    [InlineData(ReportState.Approved, false, false)]
    [InlineData(ReportState.Superseded, false, false)]
    public void OpenAndEditable_ByState(ReportState state, bool open, bool editable)
    {
        Assert.Equal(open, ReportWorkflow.IsOpen(state));
        Assert.Equal(editable, ReportWorkflow.IsEditable(state));
    }

    [Theory]
    [InlineData(ReportState.Draft, "draft")]
    [InlineData(ReportState.Submitted, "submitted")]
    [InlineData(ReportState.Returned, "returned")]
    [InlineData(ReportState.Approved, "approved")]
    [InlineData(ReportState.Superseded, "superseded")]
    public void Codes_RoundTrip(ReportState state, string code)
    {
        Assert.Equal(code, ReportWorkflow.ToCode(state));
        Assert.True(ReportWorkflow.TryParse(code, out var parsed));
        Assert.Equal(state, parsed);
    }

    [Theory]
    [InlineData("Draft")]
    [InlineData(" draft")]
    [InlineData("open")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_UnknownOrMiscased_Fails(string? code)
    {
        Assert.False(ReportWorkflow.TryParse(code, out _));
    }
}
