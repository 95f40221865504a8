using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Investment.Api.Data.Configurations;

internal sealed class ExportFileConfiguration : IEntityTypeConfiguration<ExportFile>
{
    public void Configure(EntityTypeBuilder<ExportFile> e)
    {
        e.ToTable("export_files");
        e.HasKey(x => x.JobId).HasName("pk_export_files");
        e.Property(x => x.JobId).HasColumnName("job_id").ValueGeneratedNever();
        e.Property(x => x.FileName).HasColumnName("file_name").HasMaxLength(200);
        e.Property(x => x.AsciiFileName).HasColumnName("ascii_file_name").HasMaxLength(200);
        e.Property(x => x.ContentType).HasColumnName("content_type").HasMaxLength(100);
        e.Property(x => x.SizeBytes).HasColumnName("size_bytes");
        e.Property(x => x.RowCount).HasColumnName("row_count");
        e.Property(x => x.Content).HasColumnName("content");
        e.Property(x => x.CreatedAt).HasColumnName("created_at");
        e.Property(x => x.ExpiresAt).HasColumnName("expires_at");
        e.HasOne<Job>().WithMany().HasForeignKey(x => x.JobId)
            .HasConstraintName("fk_export_files_job").OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => x.ExpiresAt).HasDatabaseName("ix_export_files_expires_at");
    }
}
