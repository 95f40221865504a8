using Investment.Api.Scheduling;

namespace Investment.Api.Tests.Scheduling;

/// <summary>Scheduling:*Cron values: Hangfire's five fields as they are, Quartz's converted only when it is exact.</summary>
public sealed class SchedulingCronTests
{
    [Theory]
    [InlineData("0 2 6 * *", "0 2 6 * *")]
    [InlineData("  20  *  *  *  *  ", "20 * * * *")]
    [InlineData("0 0 2 6 * ?", "0 2 6 * *")] // the old defaults, as Quartz wrote them
    [InlineData("0 0 9 4 * ?", "0 9 4 * *")]
    [InlineData("0 20 * * * ?", "20 * * * *")]
    [InlineData("0 30 8 ? * MON-FRI", "30 8 * * MON-FRI")]
    [InlineData("0 0 2 L * ? *", "0 2 L * *")]
    public void Converts(string configured, string hangfire) =>
        Assert.Equal(hangfire, SchedulingCron.ToHangfire("Scheduling:MonthlyRollupCron", configured));

    [Theory]
    [InlineData("0 0 9 ? * 2", "from 1 = Sunday")] // Quartz's Monday would be Hangfire's Tuesday
    [InlineData("30 0 2 6 * ?", "seconds other than 0")]
    [InlineData("* * * * * ?", "seconds other than 0")]
    [InlineData("0 0 0 1 1 ? 2099", "year field")]
    [InlineData("0 2 6 * ?", "'?' is Quartz's")]
    [InlineData("every day", "expected five fields")]
    [InlineData("", "expected five fields")]
    public void RefusesNamingTheKey(string configured, string why)
    {
        var error = Assert.Throws<SchedulingConfigurationException>(() => SchedulingCron.ToHangfire("Scheduling:ReminderCron", configured));
        Assert.StartsWith($"Scheduling:ReminderCron: '{configured}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }
}
