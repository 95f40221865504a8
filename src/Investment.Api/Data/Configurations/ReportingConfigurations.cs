using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Investment.Api.Data.Configurations;

internal sealed class MonthlyReportConfiguration : IEntityTypeConfiguration<MonthlyReport>
{
    public void Configure(EntityTypeBuilder<MonthlyReport> e)
    {
        e.ToTable("monthly_reports");
        e.HasKey(x => x.Id).HasName("pk_monthly_reports");
        e.Property(x => x.Id).HasColumnName("id");
        e.Property(x => x.SectionId).HasColumnName("section_id");
        e.Property(x => x.Year).HasColumnName("year");
        e.Property(x => x.Month).HasColumnName("month");
        e.Property(x => x.Revision).HasColumnName("revision");
        e.Property(x => x.Status).HasColumnName("status").HasMaxLength(16);
        e.Property(x => x.MonthActual).HasColumnName("month_actual").HasPrecision(18, 4);
        e.Property(x => x.PhysicalProgress).HasColumnName("physical_progress").HasPrecision(7, 4);
        e.Property(x => x.Narrative).HasColumnName("narrative").HasMaxLength(4000);
        e.Property(x => x.Problems).HasColumnName("problems").HasMaxLength(4000);
        e.Property(x => x.CorrectionReason).HasColumnName("correction_reason").HasMaxLength(1000);
        e.Property(x => x.ProgressDecreaseReason).HasColumnName("progress_decrease_reason").HasMaxLength(1000);
        e.Property(x => x.ReturnReason).HasColumnName("return_reason").HasMaxLength(1000);
        e.Property(x => x.CreatedAt).HasColumnName("created_at").HasDefaultValueSql("now()");
        e.Property(x => x.CreatedBy).HasColumnName("created_by").HasMaxLength(100);
        e.Property(x => x.UpdatedAt).HasColumnName("updated_at").HasDefaultValueSql("now()");
        e.Property(x => x.SubmittedAt).HasColumnName("submitted_at");
        e.Property(x => x.SubmittedBy).HasColumnName("submitted_by").HasMaxLength(100);
        e.Property(x => x.DecidedAt).HasColumnName("decided_at");
        e.Property(x => x.DecidedBy).HasColumnName("decided_by").HasMaxLength(100);
        e.Property(x => x.Version).IsRowVersion();
        e.HasOne(x => x.Section).WithMany().HasForeignKey(x => x.SectionId)
            .HasConstraintName("fk_monthly_reports_section").OnDelete(DeleteBehavior.NoAction);
        e.HasIndex(x => new { x.SectionId, x.Year, x.Month, x.Revision }).IsUnique().HasDatabaseName("uq_monthly_reports_revision");
        e.HasIndex(x => new { x.SectionId, x.Year, x.Month }).IsUnique().HasDatabaseName("uq_monthly_reports_open")
            .HasFilter("status in ('draft', 'submitted', 'returned')");
        e.HasIndex(x => new { x.SectionId, x.Year, x.Month }, "uq_monthly_reports_approved").IsUnique()
            .HasDatabaseName("uq_monthly_reports_approved").HasFilter("status = 'approved'");
        e.HasIndex(x => new { x.Year, x.Month }).HasDatabaseName("ix_monthly_reports_period");
    }
}

internal sealed class LagThresholdSettingConfiguration : IEntityTypeConfiguration<LagThresholdSetting>
{
    public void Configure(EntityTypeBuilder<LagThresholdSetting> e)
    {
        e.ToTable("lag_thresholds");
        e.HasKey(x => x.Id).HasName("pk_lag_thresholds");
        e.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
        e.Property(x => x.YellowBelow).HasColumnName("yellow_below").HasPrecision(7, 4);
        e.Property(x => x.RedBelow).HasColumnName("red_below").HasPrecision(7, 4);
        e.Property(x => x.UpdatedAt).HasColumnName("updated_at").HasDefaultValueSql("now()");
    }
}

internal sealed class LandIssueConfiguration : IEntityTypeConfiguration<LandIssue>
{
    public void Configure(EntityTypeBuilder<LandIssue> e)
    {
        e.ToTable("land_issues");
        e.HasKey(x => x.Id).HasName("pk_land_issues");
        e.Property(x => x.Id).HasColumnName("id");
        e.Property(x => x.SectionId).HasColumnName("section_id");
        e.Property(x => x.Reference).HasColumnName("reference").HasMaxLength(32);
        e.Property(x => x.Town).HasColumnName("town").HasMaxLength(100);
        e.Property(x => x.Kind).HasColumnName("kind").HasMaxLength(16);
        e.Property(x => x.Description).HasColumnName("description").HasMaxLength(2000);
        e.Property(x => x.IdentifiedOn).HasColumnName("identified_on");
        e.Property(x => x.DueOn).HasColumnName("due_on");
        e.Property(x => x.ResolvedOn).HasColumnName("resolved_on");
        e.Property(x => x.ResponsibleUnit).HasColumnName("responsible_unit").HasMaxLength(200);
        e.Property(x => x.ResolutionNote).HasColumnName("resolution_note").HasMaxLength(1000);
        e.Property(x => x.CreatedAt).HasColumnName("created_at").HasDefaultValueSql("now()");
        e.Property(x => x.UpdatedAt).HasColumnName("updated_at").HasDefaultValueSql("now()");
        e.Property(x => x.Version).IsRowVersion();
        e.HasOne(x => x.Section).WithMany().HasForeignKey(x => x.SectionId)
            .HasConstraintName("fk_land_issues_section").OnDelete(DeleteBehavior.NoAction);
        e.HasIndex(x => new { x.SectionId, x.Reference }).IsUnique().HasDatabaseName("uq_land_issues_reference");
        e.HasIndex(x => x.SectionId).HasDatabaseName("ix_land_issues_section");
    }
}

internal sealed class LandIssueReopeningConfiguration : IEntityTypeConfiguration<LandIssueReopening>
{
    public void Configure(EntityTypeBuilder<LandIssueReopening> e)
    {
        e.ToTable("land_issue_reopenings");
        e.HasKey(x => x.Id).HasName("pk_land_issue_reopenings");
        e.Property(x => x.Id).HasColumnName("id");
        e.Property(x => x.LandIssueId).HasColumnName("land_issue_id");
        e.Property(x => x.ResolvedOn).HasColumnName("resolved_on");
        e.Property(x => x.ReopenedOn).HasColumnName("reopened_on");
        e.Property(x => x.Reason).HasColumnName("reason").HasMaxLength(1000);
        e.Property(x => x.CreatedAt).HasColumnName("created_at").HasDefaultValueSql("now()");
        e.HasOne<LandIssue>().WithMany().HasForeignKey(x => x.LandIssueId)
            .HasConstraintName("fk_land_issue_reopenings_issue").OnDelete(DeleteBehavior.NoAction);
        e.HasIndex(x => x.LandIssueId).HasDatabaseName("ix_land_issue_reopenings_issue");
    }
}

internal sealed class QuantityTargetConfiguration : IEntityTypeConfiguration<QuantityTarget>
{
    public void Configure(EntityTypeBuilder<QuantityTarget> e)
    {
        e.ToTable("quantity_targets");
        e.HasKey(x => x.Id).HasName("pk_quantity_targets");
        e.Property(x => x.Id).HasColumnName("id");
        e.Property(x => x.ProjectId).HasColumnName("project_id");
        e.Property(x => x.SectionId).HasColumnName("section_id");
        e.Property(x => x.Year).HasColumnName("year");
        e.Property(x => x.Kind).HasColumnName("kind").HasMaxLength(32);
        e.Property(x => x.Town).HasColumnName("town").HasMaxLength(100).HasDefaultValue("");
        e.Property(x => x.Target).HasColumnName("target").HasPrecision(12, 3);
        e.HasOne(x => x.Project).WithMany().HasForeignKey(x => x.ProjectId)
            .HasConstraintName("fk_quantity_targets_project").OnDelete(DeleteBehavior.NoAction);
        e.HasOne<Section>().WithMany().HasForeignKey(x => x.SectionId)
            .HasConstraintName("fk_quantity_targets_section").OnDelete(DeleteBehavior.NoAction);
        e.HasMany(x => x.Progress).WithOne().HasForeignKey(x => x.TargetId)
            .HasConstraintName("fk_quantity_progress_target").OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => new { x.ProjectId, x.Year, x.Kind, x.Town }).IsUnique().HasDatabaseName("uq_quantity_targets");
        e.HasIndex(x => x.SectionId).HasDatabaseName("ix_quantity_targets_section");
    }
}

internal sealed class QuantityProgressConfiguration : IEntityTypeConfiguration<QuantityProgress>
{
    public void Configure(EntityTypeBuilder<QuantityProgress> e)
    {
        e.ToTable("quantity_progress");
        e.HasKey(x => new { x.TargetId, x.Month }).HasName("pk_quantity_progress");
        e.Property(x => x.TargetId).HasColumnName("target_id");
        e.Property(x => x.Month).HasColumnName("month");
        e.Property(x => x.Completed).HasColumnName("completed").HasPrecision(12, 3);
    }
}

internal sealed class FundingSourceConfiguration : IEntityTypeConfiguration<FundingSource>
{
    public void Configure(EntityTypeBuilder<FundingSource> e)
    {
        e.ToTable("funding_sources");
        e.HasKey(x => x.Id).HasName("pk_funding_sources");
        e.Property(x => x.Id).HasColumnName("id");
        e.Property(x => x.ProjectId).HasColumnName("project_id");
        e.Property(x => x.SectionId).HasColumnName("section_id");
        e.Property(x => x.Year).HasColumnName("year");
        e.Property(x => x.Level).HasColumnName("level").HasMaxLength(16);
        e.Property(x => x.Kind).HasColumnName("kind").HasMaxLength(32);
        e.Property(x => x.Committed).HasColumnName("committed").HasPrecision(18, 4);
        e.Property(x => x.Received).HasColumnName("received").HasPrecision(18, 4).HasDefaultValue(0m);
        e.Property(x => x.Note).HasColumnName("note").HasMaxLength(1000);
        e.Property(x => x.Version).IsRowVersion();
        e.HasOne(x => x.Project).WithMany().HasForeignKey(x => x.ProjectId)
            .HasConstraintName("fk_funding_sources_project").OnDelete(DeleteBehavior.NoAction);
        e.HasOne<Section>().WithMany().HasForeignKey(x => x.SectionId)
            .HasConstraintName("fk_funding_sources_section").OnDelete(DeleteBehavior.NoAction);
        e.HasIndex(x => x.ProjectId).HasDatabaseName("ix_funding_sources_project");
        e.HasIndex(x => x.SectionId).HasDatabaseName("ix_funding_sources_section");
    }
}

internal sealed class SectionYearFiguresConfiguration : IEntityTypeConfiguration<SectionYearFigures>
{
    public void Configure(EntityTypeBuilder<SectionYearFigures> e)
    {
        e.ToTable("section_year_figures", t => t.HasCheckConstraint("ck_section_year_figures_months",
            "cardinality(actuals) = 12 and cardinality(ytd) = 12 and cardinality(progress) = 12"));
        e.HasKey(x => new { x.SectionId, x.Year }).HasName("pk_section_year_figures");
        e.Property(x => x.SectionId).HasColumnName("section_id");
        e.Property(x => x.Year).HasColumnName("year");
        e.Property(x => x.Actuals).HasColumnName("actuals").HasColumnType("numeric(18,4)[]");
        e.Property(x => x.Ytd).HasColumnName("ytd").HasColumnType("numeric(18,4)[]");
        e.Property(x => x.Progress).HasColumnName("progress").HasColumnType("numeric(7,4)[]");
        e.Property(x => x.ApprovedMonths).HasColumnName("approved_months");
        e.Property(x => x.BackwardsMonths).HasColumnName("backwards_months");
        e.HasOne<Section>().WithMany().HasForeignKey(x => x.SectionId)
            .HasConstraintName("fk_section_year_figures_section").OnDelete(DeleteBehavior.Cascade);
    }
}
