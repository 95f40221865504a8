using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Investment.Api.Data.Configurations;

internal sealed class JobConfiguration : IEntityTypeConfiguration<Job>
{
    public void Configure(EntityTypeBuilder<Job> e)
    {
        e.ToTable("jobs");
        e.HasKey(x => x.Id).HasName("pk_jobs");
        e.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
        e.Property(x => x.Kind).HasColumnName("kind").HasMaxLength(32);
        e.Property(x => x.Status).HasColumnName("status").HasMaxLength(16);
        e.Property(x => x.Parameters).HasColumnName("parameters").HasColumnType("jsonb").HasDefaultValueSql("'{}'");
        e.Property(x => x.Progress).HasColumnName("progress").HasPrecision(5, 4).HasDefaultValue(0m);
        e.Property(x => x.Result).HasColumnName("result").HasColumnType("jsonb");
        e.Property(x => x.Error).HasColumnName("error").HasMaxLength(4000);
        e.Property(x => x.Attempts).HasColumnName("attempts").HasDefaultValue(0);
        e.Property(x => x.CreatedAt).HasColumnName("created_at").HasDefaultValueSql("now()");
        e.Property(x => x.StartedAt).HasColumnName("started_at");
        e.Property(x => x.FinishedAt).HasColumnName("finished_at");
        e.Property(x => x.CreatedBy).HasColumnName("created_by").HasMaxLength(100);
        e.HasIndex(x => x.CreatedAt).HasDatabaseName("ix_jobs_created_at");
    }
}

internal sealed class RollupRunConfiguration : IEntityTypeConfiguration<RollupRun>
{
    public void Configure(EntityTypeBuilder<RollupRun> e)
    {
        e.ToTable("rollup_runs");
        e.HasKey(x => new { x.Year, x.Month }).HasName("pk_rollup_runs");
        e.Property(x => x.Year).HasColumnName("year");
        e.Property(x => x.Month).HasColumnName("month");
        e.Property(x => x.JobId).HasColumnName("job_id");
        e.Property(x => x.ComputedAt).HasColumnName("computed_at");
        e.Property(x => x.RowCount).HasColumnName("row_count");
        e.Property(x => x.FindingCount).HasColumnName("finding_count");
        e.Property(x => x.RowsFingerprint).HasColumnName("rows_fingerprint");
        e.Property(x => x.FindingsFingerprint).HasColumnName("findings_fingerprint");
        e.HasOne<Job>().WithMany().HasForeignKey(x => x.JobId)
            .HasConstraintName("fk_rollup_runs_job").OnDelete(DeleteBehavior.SetNull);
        e.HasIndex(x => x.JobId).HasDatabaseName("ix_rollup_runs_job");
    }
}

internal sealed class RollupRowConfiguration : IEntityTypeConfiguration<RollupRow>
{
    public void Configure(EntityTypeBuilder<RollupRow> e)
    {
        e.ToTable("rollup_rows");
        e.HasKey(x => new { x.Year, x.Month, x.RegionCode, x.ModeCategory, x.Mode, x.Scope }).HasName("pk_rollup_rows");
        e.Property(x => x.Year).HasColumnName("year");
        e.Property(x => x.Month).HasColumnName("month");
        e.Property(x => x.RegionCode).HasColumnName("region_code").HasMaxLength(6);
        e.Property(x => x.ModeCategory).HasColumnName("mode_category").HasMaxLength(16);
        e.Property(x => x.Mode).HasColumnName("mode").HasMaxLength(32);
        e.Property(x => x.Scope).HasColumnName("scope").HasMaxLength(32);
        e.Property(x => x.RegionLevel).HasColumnName("region_level").HasMaxLength(16);
        e.Property(x => x.ParentCode).HasColumnName("parent_code").HasMaxLength(6);
        e.Property(x => x.SectionCount).HasColumnName("section_count");
        e.Property(x => x.Plan).HasColumnName("plan").HasPrecision(18, 4);
        e.Property(x => x.PlannedToDate).HasColumnName("planned_to_date").HasPrecision(18, 4);
        e.Property(x => x.MonthActual).HasColumnName("month_actual").HasPrecision(18, 4);
        e.Property(x => x.YtdActual).HasColumnName("ytd_actual").HasPrecision(18, 4);
        e.Property(x => x.PreviousYtd).HasColumnName("previous_ytd").HasPrecision(18, 4);
        e.Property(x => x.Task).HasColumnName("task").HasPrecision(18, 4);
        e.Property(x => x.YoyGrowth).HasColumnName("yoy_growth").HasPrecision(12, 6);
        e.Property(x => x.CompletionRate).HasColumnName("completion_rate").HasPrecision(12, 6);
        e.Property(x => x.TimeElapsedProgress).HasColumnName("time_elapsed_progress").HasPrecision(12, 6);
        e.Property(x => x.Lag).HasColumnName("lag").HasPrecision(12, 6);
        e.Property(x => x.LagStatus).HasColumnName("lag_status").HasMaxLength(8);
        e.Property(x => x.RankByYtd).HasColumnName("rank_by_ytd");
        e.Property(x => x.RankByCompletion).HasColumnName("rank_by_completion");
        e.Property(x => x.RankByYoy).HasColumnName("rank_by_yoy");
        e.Property(x => x.YearEndForecast).HasColumnName("year_end_forecast").HasPrecision(18, 4);
        e.Property(x => x.ForecastLow).HasColumnName("forecast_low").HasPrecision(18, 4);
        e.Property(x => x.ForecastHigh).HasColumnName("forecast_high").HasPrecision(18, 4);
        e.Property(x => x.ForecastBasis).HasColumnName("forecast_basis").HasMaxLength(16);
        e.Property(x => x.Fingerprint).HasColumnName("fingerprint");
    }
}

internal sealed class DataQualityFindingConfiguration : IEntityTypeConfiguration<DataQualityFinding>
{
    public void Configure(EntityTypeBuilder<DataQualityFinding> e)
    {
        e.ToTable("data_quality_findings");
        e.HasKey(x => x.Id).HasName("pk_data_quality_findings");
        e.Property(x => x.Id).HasColumnName("id");
        e.Property(x => x.Year).HasColumnName("year");
        e.Property(x => x.Month).HasColumnName("month");
        e.Property(x => x.Kind).HasColumnName("kind").HasMaxLength(32);
        e.Property(x => x.RegionCode).HasColumnName("region_code").HasMaxLength(6);
        e.Property(x => x.ProjectId).HasColumnName("project_id");
        e.Property(x => x.SectionId).HasColumnName("section_id");
        e.Property(x => x.Message).HasColumnName("message").HasMaxLength(1000);
        e.Property(x => x.MessageZh).HasColumnName("message_zh").HasMaxLength(1000);
        e.HasIndex(x => new { x.Year, x.Month }).HasDatabaseName("ix_data_quality_findings_period");
    }
}
