namespace Investment.Domain.Progress;

/// <summary>Traffic light for how far a region or project is behind the time-elapsed expectation.</summary>
public enum LagStatus
{
    /// <summary>On schedule or only slightly behind (绿).</summary>
    Green,

    /// <summary>Behind by at least the yellow threshold (黄).</summary>
    Yellow,

    /// <summary>Behind by at least the red threshold (红, 滞后).</summary>
    Red,
}
