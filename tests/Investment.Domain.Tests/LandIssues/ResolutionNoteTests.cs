using Investment.Domain.LandIssues;

namespace Investment.Domain.Tests.LandIssues;

public sealed class ResolutionNoteTests
{
    [Fact]
    public void ReopenLine_HasTheDateAndReason()
    {
        Assert.Equal("reopened on 2024-01-20: 协议被撤回", ResolutionNote.ReopenLine(new DateOnly(2024, 1, 20), "协议被撤回"));
        Assert.Equal(ResolutionNote.ReopenPrefixLength, ResolutionNote.ReopenLine(new DateOnly(2024, 1, 20), "").Length);
    }

    [Theory]
    [InlineData(null, "a", "a")]
    [InlineData("", "a", "a")]
    [InlineData("first", "second", "first\nsecond")]
    [InlineData("one\ntwo", "three", "one\ntwo\nthree")]
    public void Append_WithRoom_AddsALine(string? existing, string line, string expected)
    {
        Assert.Equal(expected, ResolutionNote.Append(existing, line, maxLength: 20));
    }

    [Theory]
    // "one\ntwo\nthree\nfour" is 18; dropping "one" gives "…\ntwo\nthree\nfour" (16).
    [InlineData("one\ntwo\nthree", "four", 16, "…\ntwo\nthree\nfour")]
    [InlineData("one\ntwo\nthree", "four", 12, "…\nthree\nfour")]
    // Nothing old fits beside the new line: the marker and the line, or the line alone.
    [InlineData("one\ntwo", "fourteen", 10, "…\nfourteen")]
    [InlineData("one\ntwo", "fourteen", 8, "fourteen")]
    [InlineData("a single long old line", "new", 10, "…\nnew")]
    public void Append_OverTheLimit_DropsTheOldestLines(string existing, string line, int max, string expected)
    {
        var result = ResolutionNote.Append(existing, line, max);
        Assert.Equal(expected, result);
        Assert.True(result.Length <= max);
    }

    [Fact]
    public void Append_LineLongerThanTheLimit_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => ResolutionNote.Append("x", new string('a', 11), maxLength: 10));
        Assert.StartsWith("A note entry has at most 10 characters.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Append_ManyReopens_StaysWithinTheColumnAndKeepsTheNewest()
    {
        string? note = "征收协议已签订";
        for (var i = 0; i < 100; i++)
        {
            note = ResolutionNote.Append(note, ResolutionNote.ReopenLine(new DateOnly(2023, 1, 1).AddDays(i), $"第{i}次"));
        }
        Assert.True(note.Length <= ResolutionNote.MaxLength);
        Assert.EndsWith("reopened on 2023-04-10: 第99次", note, StringComparison.Ordinal);
        Assert.StartsWith(ResolutionNote.Elided + "\n", note, StringComparison.Ordinal);
    }
}
