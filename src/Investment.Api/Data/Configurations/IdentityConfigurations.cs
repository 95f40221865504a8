using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Investment.Api.Data.Configurations;

/// <summary>
/// Identity's entities come with their own model (AspNetUsers, PascalCase columns). We do not own those classes, so
/// rather than restating every property, their tables and columns are renamed here to the schema's snake_case; the
/// result is what migrations/0004 creates.
/// </summary>
internal static class IdentityNaming
{
    private static readonly Dictionary<Type, string> Tables = new()
    {
        [typeof(AppUser)] = "users",
        [typeof(IdentityRole)] = "roles",
        [typeof(IdentityUserRole<string>)] = "user_roles",
        [typeof(IdentityUserClaim<string>)] = "user_claims",
        [typeof(IdentityUserLogin<string>)] = "user_logins",
        [typeof(IdentityUserToken<string>)] = "user_tokens",
        [typeof(IdentityRoleClaim<string>)] = "role_claims",
    };

    public static void Apply(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes().Where(e => Tables.ContainsKey(e.ClrType)).ToList())
        {
            var table = Tables[entity.ClrType];
            entity.SetTableName(table);
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
            }
            entity.FindPrimaryKey()!.SetName($"pk_{table}");
            foreach (var foreignKey in entity.GetForeignKeys())
            {
                foreignKey.SetConstraintName($"fk_{table}_{Tables[foreignKey.PrincipalEntityType.ClrType].TrimEnd('s')}");
            }
            foreach (var index in entity.GetIndexes())
            {
                index.SetDatabaseName((index.IsUnique ? "uq_" : "ix_") + table + "_"
                    + string.Join("_", index.Properties.Select(p => SnakeCase(p.Name))));
            }
        }
    }

    public static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0 && !char.IsUpper(name[i - 1]))
            {
                builder.Append('_');
            }
            builder.Append(char.ToLowerInvariant(name[i]));
        }
        return builder.ToString();
    }
}

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> e)
    {
        e.Property(x => x.CreatedAt).HasColumnName("created_at").HasDefaultValueSql("now()");
    }
}

internal sealed class UserScopeConfiguration : IEntityTypeConfiguration<UserScope>
{
    public void Configure(EntityTypeBuilder<UserScope> e)
    {
        e.ToTable("user_scopes");
        e.HasKey(x => x.Id).HasName("pk_user_scopes");
        e.Property(x => x.Id).HasColumnName("id");
        e.Property(x => x.UserId).HasColumnName("user_id");
        e.Property(x => x.RegionCode).HasColumnName("region_code").HasMaxLength(6);
        e.Property(x => x.ProjectId).HasColumnName("project_id");
        e.Property(x => x.SectionId).HasColumnName("section_id");
        e.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId)
            .HasConstraintName("fk_user_scopes_user").OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Region>().WithMany().HasForeignKey(x => x.RegionCode)
            .HasConstraintName("fk_user_scopes_region").OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId)
            .HasConstraintName("fk_user_scopes_project").OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Section>().WithMany().HasForeignKey(x => x.SectionId)
            .HasConstraintName("fk_user_scopes_section").OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => x.UserId).HasDatabaseName("ix_user_scopes_user_id");
        e.HasIndex(x => x.RegionCode).HasDatabaseName("ix_user_scopes_region_code");
        e.HasIndex(x => x.ProjectId).HasDatabaseName("ix_user_scopes_project_id");
        e.HasIndex(x => x.SectionId).HasDatabaseName("ix_user_scopes_section_id");
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> e)
    {
        e.ToTable("audit_log");
        e.HasKey(x => x.Id).HasName("pk_audit_log");
        e.Property(x => x.Id).HasColumnName("id");
        e.Property(x => x.At).HasColumnName("at").HasDefaultValueSql("now()");
        e.Property(x => x.Actor).HasColumnName("actor").HasMaxLength(256);
        e.Property(x => x.Action).HasColumnName("action").HasMaxLength(8);
        e.Property(x => x.TableName).HasColumnName("table_name").HasMaxLength(64);
        e.Property(x => x.RowKey).HasColumnName("row_key").HasMaxLength(200);
        e.Property(x => x.Before).HasColumnName("before").HasColumnType("jsonb");
        e.Property(x => x.After).HasColumnName("after").HasColumnType("jsonb");
        e.HasIndex(x => new { x.TableName, x.RowKey, x.Id }).HasDatabaseName("ix_audit_log_table_row");
        e.HasIndex(x => new { x.Actor, x.Id }).HasDatabaseName("ix_audit_log_actor");
        e.HasIndex(x => x.At).HasDatabaseName("ix_audit_log_at");
    }
}

internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> e)
    {
        e.ToTable("data_protection_keys");
        e.HasKey(x => x.Id).HasName("pk_data_protection_keys");
        e.Property(x => x.Id).HasColumnName("id");
        e.Property(x => x.FriendlyName).HasColumnName("friendly_name").HasMaxLength(200);
        e.Property(x => x.Xml).HasColumnName("xml");
        e.Property(x => x.CreatedAt).HasColumnName("created_at").HasDefaultValueSql("now()");
    }
}
