using Microsoft.EntityFrameworkCore;

namespace Investment.Api.Data;

public sealed class InvestmentDb(DbContextOptions<InvestmentDb> options) : DbContext(options)
{
    public DbSet<Region> Regions => Set<Region>();
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

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // The SQL files in migrations/ own the schema; this model only mirrors them (MappingMatchesSchemaTests proves it).
        modelBuilder.UseIdentityAlwaysColumns();
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(InvestmentDb).Assembly);
    }
}
