namespace Investment.Api.Tests.Infrastructure;

/// <summary>
/// A rate as every endpoint answers it (README, "The same number everywhere"): the ratio to 6 decimals, half away from
/// zero. Written here independently of the domain's Rate, so a test states what the answer must be.
/// </summary>
public static class Rates
{
    public static decimal Of(decimal part, decimal whole) => decimal.Round(part / whole, 6, MidpointRounding.AwayFromZero);
}
