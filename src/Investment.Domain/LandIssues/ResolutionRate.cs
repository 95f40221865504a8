namespace Investment.Domain.LandIssues;

/// <summary>Land-issue resolution rate (政策处理问题解决率).</summary>
public static class ResolutionRate
{
    /// <summary>
    /// Resolved ÷ identified, as a ratio in 0..1 (193 of 200 → 0.965), rounded as every rate is
    /// (<see cref="Rate"/>).
    /// </summary>
    /// <param name="resolved">Issues resolved, 0..<paramref name="identified"/>.</param>
    /// <param name="identified">Issues identified, 0 or more.</param>
    /// <returns>The ratio; <c>null</c> ("n/a", not 100% and not 0%) when no issue was identified.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative, or more are resolved than identified.</exception>
    public static decimal? Of(int resolved, int identified)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(resolved);
        ArgumentOutOfRangeException.ThrowIfNegative(identified);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(resolved, identified);
        return Rate.Of(resolved, identified);
    }
}
