using Investment.Domain.Quantities;

namespace Investment.Domain.Tests.Quantities;

public sealed class QuantityKindsTests
{
    [Theory]
    [InlineData("new_rebuilt_km", "新改建", "公里", false)]
    [InlineData("pavement_improvement_km", "路面状况改善", "公里", false)]
    [InlineData("major_repair_km", "大中修", "公里", false)]
    [InlineData("safety_works_km", "安防工程", "公里", false)]
    [InlineData("bridges_renovated", "危桥改造", "座", true)]
    [InlineData("stations_built", "站场建设", "个", true)]
    [InlineData("shelters_built", "候车亭建设", "个", true)]
    public void TryGet_KnownCode_GivesLabelAndUnit(string code, string label, string unit, bool isCount)
    {
        Assert.True(QuantityKinds.TryGet(code, out var kind));
        Assert.Equal(label, kind.Label);
        Assert.Equal(unit, kind.Unit);
        Assert.Equal(isCount, kind.IsCount);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("NEW_REBUILT_KM")]
    [InlineData("bridges")]
    [InlineData(" new_rebuilt_km")]
    public void TryGet_UnknownCode_IsFalse(string? code)
    {
        Assert.False(QuantityKinds.TryGet(code, out _));
        Assert.False(QuantityKinds.IsKnown(code));
    }

    [Fact]
    public void All_CodesAreDistinct_AndMatchTheSchemaConstraint()
    {
        // The list in ck_quantity_targets_kind (migrations/0002_create_reporting.sql).
        string[] schema = ["new_rebuilt_km", "pavement_improvement_km", "major_repair_km", "safety_works_km",
            "bridges_renovated", "stations_built", "shelters_built"];
        Assert.Equal(schema, QuantityKinds.All.Select(k => k.Code));
    }

    [Fact]
    public void OrderOf_FollowsTheList_UnknownLast()
    {
        Assert.Equal(0, QuantityKinds.OrderOf("new_rebuilt_km"));
        Assert.Equal(4, QuantityKinds.OrderOf("bridges_renovated"));
        Assert.Equal(int.MaxValue, QuantityKinds.OrderOf("nope"));
    }

    public static TheoryData<decimal, string, bool> Amounts => new()
    {
        { 0m, "new_rebuilt_km", true },
        { 30m, "new_rebuilt_km", true },
        { 133.125m, "pavement_improvement_km", true },
        { 1.2340m, "safety_works_km", true },
        { 1.2345m, "safety_works_km", false },
        { -0.001m, "major_repair_km", false },
        { 999_999_999.999m, "major_repair_km", true },
        { 1_000_000_000m, "major_repair_km", false },
        { 1m, "bridges_renovated", true },
        { 2.000m, "bridges_renovated", true },
        { 1.5m, "bridges_renovated", false },
        { 0.001m, "shelters_built", false },
    };

    [Theory]
    [MemberData(nameof(Amounts))]
    public void Problem_NullOnlyForStorableAmounts(decimal amount, string code, bool ok)
    {
        QuantityKinds.TryGet(code, out var kind);
        Assert.Equal(ok, QuantityAmounts.Problem(amount, kind) is null);
    }

    [Fact]
    public void Problem_UnknownKind_ChecksOnlyTheNumber()
    {
        Assert.Null(QuantityAmounts.Problem(1.5m, null));
        Assert.NotNull(QuantityAmounts.Problem(-1m, null));
    }
}
