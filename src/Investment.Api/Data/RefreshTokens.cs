namespace Investment.Api.Data;

/// <summary>
/// One sign-in of an API client and the refresh tokens handed on from it, one after another. Revoked when one of its
/// tokens is presented a second time (<c>reuse</c>) or when the user's security stamp changes (<c>sessions_ended</c>).
/// </summary>
public sealed class RefreshTokenFamily
{
    public Guid Id { get; set; }
    public required string UserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedReason { get; set; }

    public const string Reuse = "reuse";
}

/// <summary>A refresh token by its SHA-256: used at most once.</summary>
public sealed class RefreshToken
{
    public required byte[] TokenHash { get; set; }
    public Guid FamilyId { get; set; }
    public DateTimeOffset IssuedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}
