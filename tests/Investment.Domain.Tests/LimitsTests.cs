namespace Investment.Domain.Tests;

public sealed class LimitsTests
{
    // The same numbers are written into the SQL column definitions; changing one here needs a migration.
    [Fact]
    public void Limits_MatchTheSchema()
    {
        Assert.Equal(200, Limits.ProjectNameMax);
        Assert.Equal(32, Limits.ProjectCodeMax);
        Assert.Equal(16, Limits.RouteCodeMax);
        Assert.Equal(200, Limits.OwnerMax);
        Assert.Equal(200, Limits.SectionNameMax);
        Assert.Equal(4000, Limits.NarrativeMax);
        Assert.Equal(4000, Limits.ProblemsMax);
        Assert.Equal(100, Limits.TownMax);
        Assert.Equal(2000, Limits.DescriptionMax);
        Assert.Equal(200, Limits.ResponsibleUnitMax);
        Assert.Equal(1000, Limits.ReasonMax);
    }
}
