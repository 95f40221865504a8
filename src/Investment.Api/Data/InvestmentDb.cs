using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Data;

public sealed class InvestmentDb(DbContextOptions<InvestmentDb> options) : IdentityDbContext<AppUser, IdentityRole, string>(options)
{
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<RegionLineage> RegionLineages => Set<RegionLineage>();
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<ProjectScope> ProjectScopes => Set<ProjectScope>();
    public DbSet<Section> Sections => Set<Section>();
    public DbSet<Milestone> Milestones => Set<Milestone>();
    public DbSet<AnnualPlan> AnnualPlans => Set<AnnualPlan>();
    public DbSet<RegionTarget> RegionTargets => Set<RegionTarget>();
    public DbSet<MonthlyReport> MonthlyReports => Set<MonthlyReport>();
    public DbSet<LagThresholdSetting> LagThresholds => Set<LagThresholdSetting>();
    public DbSet<LandIssue> LandIssues => Set<LandIssue>();
    public DbSet<LandIssueReopening> LandIssueReopenings => Set<LandIssueReopening>();
    public DbSet<QuantityTarget> QuantityTargets => Set<QuantityTarget>();
    public DbSet<QuantityProgress> QuantityProgress => Set<QuantityProgress>();
    public DbSet<FundingSource> FundingSources => Set<FundingSource>();
    public DbSet<Job> Jobs => Set<Job>();
    public DbSet<RollupRun> RollupRuns => Set<RollupRun>();
    public DbSet<RollupRow> RollupRows => Set<RollupRow>();
    public DbSet<DataQualityFinding> DataQualityFindings => Set<DataQualityFinding>();
    public DbSet<ExportFile> ExportFiles => Set<ExportFile>();
    public DbSet<OpenDataPublication> OpenDataPublications => Set<OpenDataPublication>();
    public DbSet<UserScope> UserScopes => Set<UserScope>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<RefreshTokenFamily> RefreshTokenFamilies => Set<RefreshTokenFamily>();
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        // Identity's own model first (users, roles and their satellites), then our names for its tables.
        base.OnModelCreating(builder);
        Configurations.IdentityNaming.Apply(builder);
        // The SQL files in migrations/ own the schema; this model only mirrors them (MappingMatchesSchemaTests proves it).
        builder.UseIdentityAlwaysColumns();
        builder.ApplyConfigurationsFromAssembly(typeof(InvestmentDb).Assembly);
    }
}
