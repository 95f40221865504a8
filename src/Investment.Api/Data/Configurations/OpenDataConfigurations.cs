using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Investment.Api.Data.Configurations;

internal sealed class OpenDataPublicationConfiguration : IEntityTypeConfiguration<OpenDataPublication>
{
    public void Configure(EntityTypeBuilder<OpenDataPublication> e)
    {
        e.ToTable("open_data_publications");
        e.HasKey(x => new { x.RegionCode, x.Year }).HasName("pk_open_data_publications");
        e.Property(x => x.RegionCode).HasColumnName("region_code").HasMaxLength(6);
        e.Property(x => x.Year).HasColumnName("year");
        e.Property(x => x.PublishedAt).HasColumnName("published_at").HasDefaultValueSql("now()");
        e.Property(x => x.PublishedBy).HasColumnName("published_by").HasMaxLength(256);
        e.HasOne<Region>().WithMany().HasForeignKey(x => x.RegionCode)
            .HasConstraintName("fk_open_data_publications_region").OnDelete(DeleteBehavior.NoAction);
    }
}
