using Investment.Domain.Projects;

namespace Investment.Domain.Tests.Projects;

public sealed class ProjectClassesTests
{
    [Theory]
    [InlineData(ProjectClass.Reserve, "reserve")]
    [InlineData(ProjectClass.Preliminary, "preliminary")]
    [InlineData(ProjectClass.NewStart, "new_start")]
    [InlineData(ProjectClass.Continuing, "continuing")]
    [InlineData(ProjectClass.Completed, "completed")]
    [InlineData(ProjectClass.InService, "in_service")]
    public void Codes_RoundTrip(ProjectClass projectClass, string code)
    {
        Assert.Equal(code, ProjectClasses.ToCode(projectClass));
        Assert.True(ProjectClasses.TryParse(code, out var parsed));
        Assert.Equal(projectClass, parsed);
    }

    [Fact]
    public void All_HasSixClasses()
    {
        Assert.Equal(6, ProjectClasses.All.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("NewStart")]
    [InlineData("new-start")]
    [InlineData("New_Start")]
    [InlineData("inservice")]
    public void TryParse_UnknownCode_Fails(string? code)
    {
        Assert.False(ProjectClasses.TryParse(code, out _));
    }

    [Fact]
    public void ToCode_UndefinedValue_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ProjectClasses.ToCode((ProjectClass)(-1)));
    }
}
