using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Investment.Api.Data.Configurations;

internal sealed class RegionConfiguration : IEntityTypeConfiguration<Region>
{
    public void Configure(EntityTypeBuilder<Region> e)
    {
        e.ToTable("regions");
        e.HasKey(x => x.Code).HasName("pk_regions");
        e.Property(x => x.Code).HasColumnName("code").HasMaxLength(6);
        e.Property(x => x.Name).HasColumnName("name").HasMaxLength(100);
        e.Property(x => x.Level).HasColumnName("level").HasMaxLength(16);
        e.Property(x => x.ParentCode).HasColumnName("parent_code").HasMaxLength(6);
        e.HasOne(x => x.Parent).WithMany(x => x.Children).HasForeignKey(x => x.ParentCode)
            .HasConstraintName("fk_regions_parent").OnDelete(DeleteBehavior.NoAction);
        e.HasIndex(x => x.ParentCode).HasDatabaseName("ix_regions_parent_code");
        e.Property(x => x.RetiredFrom).HasColumnName("retired_from");
        e.Property(x => x.SuccessorCode).HasColumnName("successor_code").HasMaxLength(6);
        e.HasOne<Region>().WithMany().HasForeignKey(x => x.SuccessorCode)
            .HasConstraintName("fk_regions_successor").OnDelete(DeleteBehavior.NoAction);
        e.HasIndex(x => x.SuccessorCode).HasDatabaseName("ix_regions_successor_code");
        e.Property(x => x.Version).IsRowVersion();
    }
}

internal sealed class RegionLineageConfiguration : IEntityTypeConfiguration<RegionLineage>
{
    // A query, not a table: EnsureCreated makes nothing for it, and the schema comparison sees nothing to compare.
    public void Configure(EntityTypeBuilder<RegionLineage> e)
    {
        e.HasNoKey().ToTable((string?)null).ToSqlQuery("""
            with recursive lineage (code, successor_code) as (
                select code, successor_code from regions where successor_code is not null
                union
                select l.code, r.successor_code from lineage l join regions r on r.code = l.successor_code
                where r.successor_code is not null
            )
            select code, successor_code from lineage
            """);
        e.Property(x => x.Code).HasColumnName("code");
        e.Property(x => x.SuccessorCode).HasColumnName("successor_code");
    }
}

internal sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> e)
    {
        e.ToTable("projects");
        e.HasKey(x => x.Id).HasName("pk_projects");
        e.Property(x => x.Id).HasColumnName("id");
        e.Property(x => x.Code).HasColumnName("code").HasMaxLength(32);
        e.Property(x => x.Name).HasColumnName("name").HasMaxLength(200);
        e.Property(x => x.RouteCode).HasColumnName("route_code").HasMaxLength(16);
        e.Property(x => x.Mode).HasColumnName("mode").HasMaxLength(32);
        e.Property(x => x.TotalInvestment).HasColumnName("total_investment").HasPrecision(18, 4);
        e.Property(x => x.LengthKm).HasColumnName("length_km").HasPrecision(10, 3);
        e.Property(x => x.Owner).HasColumnName("owner").HasMaxLength(200);
        e.Property(x => x.RegionCode).HasColumnName("region_code").HasMaxLength(6);
        e.Property(x => x.Status).HasColumnName("status").HasMaxLength(16).HasDefaultValue(ProjectStatuses.Active);
        e.Property(x => x.ArchivedAt).HasColumnName("archived_at");
        e.Property(x => x.CreatedAt).HasColumnName("created_at").HasDefaultValueSql("now()");
        e.Property(x => x.UpdatedAt).HasColumnName("updated_at").HasDefaultValueSql("now()");
        e.Property(x => x.Version).IsRowVersion();
        e.HasIndex(x => x.Code).IsUnique().HasDatabaseName("uq_projects_code");
        e.HasIndex(x => x.RegionCode).HasDatabaseName("ix_projects_region_code");
        e.HasIndex(x => x.Mode).HasDatabaseName("ix_projects_mode");
        e.HasOne(x => x.Region).WithMany().HasForeignKey(x => x.RegionCode)
            .HasConstraintName("fk_projects_region").OnDelete(DeleteBehavior.NoAction);
        e.HasMany(x => x.Scopes).WithOne().HasForeignKey(x => x.ProjectId)
            .HasConstraintName("fk_project_scopes_project").OnDelete(DeleteBehavior.Cascade);
        e.HasMany(x => x.Sections).WithOne(x => x.Project).HasForeignKey(x => x.ProjectId)
            .HasConstraintName("fk_sections_project").OnDelete(DeleteBehavior.Cascade);
        e.HasMany(x => x.Milestones).WithOne().HasForeignKey(x => x.ProjectId)
            .HasConstraintName("fk_milestones_project").OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProjectScopeConfiguration : IEntityTypeConfiguration<ProjectScope>
{
    public void Configure(EntityTypeBuilder<ProjectScope> e)
    {
        e.ToTable("project_scopes");
        e.HasKey(x => new { x.ProjectId, x.Scope }).HasName("pk_project_scopes");
        e.Property(x => x.ProjectId).HasColumnName("project_id");
        e.Property(x => x.Scope).HasColumnName("scope").HasMaxLength(32);
        e.HasIndex(x => x.Scope).HasDatabaseName("ix_project_scopes_scope");
    }
}

internal sealed class SectionConfiguration : IEntityTypeConfiguration<Section>
{
    public void Configure(EntityTypeBuilder<Section> e)
    {
        e.ToTable("sections");
        e.HasKey(x => x.Id).HasName("pk_sections");
        e.Property(x => x.Id).HasColumnName("id");
        e.Property(x => x.ProjectId).HasColumnName("project_id");
        e.Property(x => x.RegionCode).HasColumnName("region_code").HasMaxLength(6);
        e.Property(x => x.Name).HasColumnName("name").HasMaxLength(200);
        e.Property(x => x.ApportionedInvestment).HasColumnName("apportioned_investment").HasPrecision(18, 4);
        e.Property(x => x.ActiveFrom).HasColumnName("active_from").HasDefaultValueSql("date_trunc('month', current_date)::date");
        e.HasIndex(x => new { x.ProjectId, x.RegionCode }).IsUnique().HasDatabaseName("uq_sections_project_region");
        e.HasIndex(x => x.RegionCode).HasDatabaseName("ix_sections_region_code");
        e.HasOne(x => x.Region).WithMany().HasForeignKey(x => x.RegionCode)
            .HasConstraintName("fk_sections_region").OnDelete(DeleteBehavior.NoAction);
        e.HasMany(x => x.AnnualPlans).WithOne().HasForeignKey(x => x.SectionId)
            .HasConstraintName("fk_annual_plans_section").OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MilestoneConfiguration : IEntityTypeConfiguration<Milestone>
{
    public void Configure(EntityTypeBuilder<Milestone> e)
    {
        e.ToTable("milestones");
        e.HasKey(x => new { x.ProjectId, x.Kind }).HasName("pk_milestones");
        e.Property(x => x.ProjectId).HasColumnName("project_id");
        e.Property(x => x.Kind).HasColumnName("kind").HasMaxLength(32);
        e.Property(x => x.PlannedOn).HasColumnName("planned_on");
        e.Property(x => x.ActualOn).HasColumnName("actual_on");
    }
}

internal sealed class AnnualPlanConfiguration : IEntityTypeConfiguration<AnnualPlan>
{
    public void Configure(EntityTypeBuilder<AnnualPlan> e)
    {
        e.ToTable("annual_plans");
        e.HasKey(x => new { x.SectionId, x.Year }).HasName("pk_annual_plans");
        e.Property(x => x.SectionId).HasColumnName("section_id");
        e.Property(x => x.Year).HasColumnName("year");
        e.Property(x => x.PlannedInvestment).HasColumnName("planned_investment").HasPrecision(18, 4);
        e.Property(x => x.TargetPhysicalProgress).HasColumnName("target_physical_progress").HasPrecision(7, 4);
        e.Property(x => x.MonthlyProfile).HasColumnName("monthly_profile").HasColumnType("numeric(18,4)[]");
    }
}

internal sealed class RegionTargetConfiguration : IEntityTypeConfiguration<RegionTarget>
{
    public void Configure(EntityTypeBuilder<RegionTarget> e)
    {
        e.ToTable("region_targets");
        e.HasKey(x => new { x.RegionCode, x.Scope, x.Year }).HasName("pk_region_targets");
        e.Property(x => x.RegionCode).HasColumnName("region_code").HasMaxLength(6);
        e.Property(x => x.Scope).HasColumnName("scope").HasMaxLength(32);
        e.Property(x => x.Year).HasColumnName("year");
        e.Property(x => x.Task).HasColumnName("task").HasPrecision(18, 4);
        e.Property(x => x.GrowthTarget).HasColumnName("growth_target").HasPrecision(9, 6);
        e.HasOne<Region>().WithMany().HasForeignKey(x => x.RegionCode)
            .HasConstraintName("fk_region_targets_region").OnDelete(DeleteBehavior.NoAction);
    }
}
