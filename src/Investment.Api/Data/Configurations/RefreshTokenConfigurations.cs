using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Investment.Api.Data.Configurations;

internal sealed class RefreshTokenFamilyConfiguration : IEntityTypeConfiguration<RefreshTokenFamily>
{
    public void Configure(EntityTypeBuilder<RefreshTokenFamily> e)
    {
        e.ToTable("refresh_token_families");
        e.HasKey(x => x.Id).HasName("pk_refresh_token_families");
        e.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
        e.Property(x => x.UserId).HasColumnName("user_id");
        e.Property(x => x.CreatedAt).HasColumnName("created_at");
        e.Property(x => x.RevokedAt).HasColumnName("revoked_at");
        e.Property(x => x.RevokedReason).HasColumnName("revoked_reason").HasMaxLength(32);
        e.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId)
            .HasConstraintName("fk_refresh_token_families_user").OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => x.UserId).HasDatabaseName("ix_refresh_token_families_user_id");
    }
}

internal sealed class RefreshTokenConfiguration : IEntityTypeConfiguration<RefreshToken>
{
    public void Configure(EntityTypeBuilder<RefreshToken> e)
    {
        e.ToTable("refresh_tokens");
        e.HasKey(x => x.TokenHash).HasName("pk_refresh_tokens");
        e.Property(x => x.TokenHash).HasColumnName("token_hash").ValueGeneratedNever();
        e.Property(x => x.FamilyId).HasColumnName("family_id");
        e.Property(x => x.IssuedAt).HasColumnName("issued_at");
        e.Property(x => x.ExpiresAt).HasColumnName("expires_at");
        e.Property(x => x.UsedAt).HasColumnName("used_at");
        e.HasOne<RefreshTokenFamily>().WithMany().HasForeignKey(x => x.FamilyId)
            .HasConstraintName("fk_refresh_tokens_family").OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => x.FamilyId).HasDatabaseName("ix_refresh_tokens_family_id");
    }
}
