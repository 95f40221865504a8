using Investment.Api.Features.Access;
using Investment.Api.Features.Rollups;
using Investment.Domain;
using Npgsql;

namespace Investment.Api.Data;

/// <summary>
/// What only the private demo database gets, so a leader who starts the system for the first time sees figures at once:
/// the illustrative rows of seed-data-demo/ (other counties of 绍兴 and 台州, so a city ranking has all its counties),
/// and a roll-up of every month that has approved reports. Tests and configured databases never get either.
/// </summary>
public sealed class DemoData(SeedDataLoader seeds, IServiceScopeFactory scopes, ILogger<DemoData> logger)
{
    public const string FolderName = "seed-data-demo";

    public static string? ResolveDirectory(string? configured, string contentRoot)
    {
        if (configured is { Length: > 0 })
        {
            return Path.GetFullPath(configured, contentRoot);
        }
        var root = RepositoryRoot.Find(contentRoot);
        return root is not null && Directory.Exists(Path.Combine(root, FolderName)) ? Path.Combine(root, FolderName) : null;
    }

    public async Task LoadAsync(string connectionString, string? directory, BureauClock clock, CancellationToken ct)
    {
        if (directory is not null)
        {
            await seeds.LoadAsync(connectionString, directory, ct);
        }
        await RollUpSeededMonthsAsync(connectionString, clock, ct);
    }

    /// <summary>Only while nothing has been rolled up yet: later starts keep whatever the users ran since.</summary>
    private async Task RollUpSeededMonthsAsync(string connectionString, BureauClock clock, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("""
            select (select count(*) from rollup_runs),
                   min(year * 100 + month), max(year * 100 + month)
            from monthly_reports where status = 'approved'
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        if (reader.GetInt64(0) > 0 || reader.IsDBNull(1))
        {
            return;
        }
        var first = new ReportingMonth(reader.GetInt32(1) / 100, reader.GetInt32(1) % 100);
        var last = new ReportingMonth(reader.GetInt32(2) / 100, reader.GetInt32(2) % 100);
        var today = ReportingMonth.Of(clock.Today);
        if (last > today)
        {
            last = today;
        }

        await using var scope = scopes.CreateAsyncScope();
        var rollup = scope.ServiceProvider.GetRequiredService<PeriodRollup>();
        var count = 0;
        for (var period = first; period <= last; period = period.Next)
        {
            await rollup.RunAsync(period, null, "system:startup", null, ct);
            count++;
        }
        logger.LogInformation("Demo database: rolled up {Count} seeded months, {First} to {Last}", count, first, last);
    }
}
