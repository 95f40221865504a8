using Investment.Api.Data;
using Investment.Api.Tests.Infrastructure;
using Npgsql;

namespace Investment.Api.Tests.Data;

public sealed class MigrationTests
{
    private static MigrationRunner Runner() => new(TestCluster.Logger<MigrationRunner>());

    [Fact]
    public async Task Migrate_EmptyDatabase_AppliesEveryFileOnceAndRecordsChecksums()
    {
        var cs = await TestCluster.CreateEmptyDatabaseAsync();
        try
        {
            var files = MigrationRunner.LoadEmbedded();
            Assert.NotEmpty(files);
            Assert.Equal(files.Count, await Runner().MigrateAsync(cs, CancellationToken.None));
            Assert.Equal(0, await Runner().MigrateAsync(cs, CancellationToken.None));

            await using var connection = new NpgsqlConnection(cs);
            await connection.OpenAsync();
            Assert.Empty(await MigrationRunner.PendingAsync(connection, CancellationToken.None));
            await using var command = new NpgsqlCommand("select string_agg(version || ':' || checksum, ',' order by version) from schema_migrations", connection);
            var recorded = (string)(await command.ExecuteScalarAsync())!;
            Assert.Equal(string.Join(',', files.Select(f => $"{f.Version}:{f.Checksum}")), recorded);
        }
        finally
        {
            await TestCluster.DropDatabaseAsync(cs);
        }
    }

    [Fact]
    public async Task Migrate_AppliedFileEditedLater_StopsWithClearMessage()
    {
        var cs = await TestCluster.CreateEmptyDatabaseAsync();
        try
        {
            await Runner().MigrateAsync(cs, CancellationToken.None);
            await using (var connection = new NpgsqlConnection(cs))
            {
                await connection.OpenAsync();
                await using var tamper = new NpgsqlCommand("update schema_migrations set checksum = 'edited' where version = '0001'", connection);
                await tamper.ExecuteNonQueryAsync();
            }

            var error = await Assert.ThrowsAsync<MigrationChecksumException>(() => Runner().MigrateAsync(cs, CancellationToken.None));
            Assert.Contains("0001", error.Message, StringComparison.Ordinal);
            Assert.Contains("new migration", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            await TestCluster.DropDatabaseAsync(cs);
        }
    }

    [Fact]
    public async Task Migrate_TwoInstancesAtOnce_ApplyEachFileExactlyOnce()
    {
        var cs = await TestCluster.CreateEmptyDatabaseAsync();
        try
        {
            var results = await Task.WhenAll(
                Runner().MigrateAsync(cs, CancellationToken.None), Runner().MigrateAsync(cs, CancellationToken.None));
            Assert.Equal(MigrationRunner.LoadEmbedded().Count, results.Sum());

            await using var connection = new NpgsqlConnection(cs);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("select count(*) from schema_migrations", connection);
            Assert.Equal((long)MigrationRunner.LoadEmbedded().Count, (long)(await command.ExecuteScalarAsync())!);
        }
        finally
        {
            await TestCluster.DropDatabaseAsync(cs);
        }
    }

    [Fact]
    public void MigrationFiles_AreNumberedWithoutGaps()
    {
        var versions = MigrationRunner.LoadEmbedded().Select(f => int.Parse(f.Version, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(1, versions.Max()), versions);
    }

    [Fact]
    public async Task Migrate_DatabaseQuartzRanOn_DropsEveryQuartzTable()
    {
        var cs = await TestCluster.CreateEmptyDatabaseAsync();
        try
        {
            // The database as the app left it before Hangfire: migrated up to 0012, plus Quartz 4.7.3's tables made by
            // Quartz's own script, holding the recurring roll-up's job and trigger.
            await Runner().MigrateAsync(cs, CancellationToken.None);
            await using var connection = new NpgsqlConnection(cs);
            await connection.OpenAsync();
            await ExecuteAsync(connection, "delete from schema_migrations where version = '0012'");
            var script = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Data", "Quartz", "quartz-4.7.3-create_postgres.sql"));
            foreach (var statement in System.Text.RegularExpressions.Regex.Split(script, @"^--;;\r?$", System.Text.RegularExpressions.RegexOptions.Multiline))
            {
                await ExecuteAsync(connection, statement.Replace("{0}", "qrtz_", StringComparison.Ordinal).Replace("{1}", "qrtz_", StringComparison.Ordinal));
            }
            await ExecuteAsync(connection, """
                insert into qrtz_job_details values ('QuartzScheduler', 'monthly-rollup', 'recurring', null, 'Investment.Api.Features.Rollups.MonthlyRollupJob, Investment.Api', true, true, false, true, null);
                insert into qrtz_triggers (sched_name, trigger_name, trigger_group, job_name, job_group, next_fire_time, trigger_state, trigger_type, start_time)
                values ('QuartzScheduler', 'monthly-rollup', 'recurring', 'monthly-rollup', 'recurring', 0, 'WAITING', 'CRON', 0);
                insert into qrtz_cron_triggers values ('QuartzScheduler', 'monthly-rollup', 'recurring', '0 0 2 6 * ?', 'Asia/Shanghai');
                """);
            var quartzTables = await QuartzTablesAsync(connection);
            Assert.Contains("qrtz_fired_triggers", quartzTables);
            Assert.Contains("qrtz_execution_history", quartzTables);
            Assert.Equal(15, quartzTables.Count);

            Assert.Equal(1, await Runner().MigrateAsync(cs, CancellationToken.None));

            Assert.Empty(await QuartzTablesAsync(connection));
            Assert.Empty(await MigrationRunner.PendingAsync(connection, CancellationToken.None));
            // The application's own tables are untouched.
            await using var jobs = new NpgsqlCommand("select count(*) from jobs", connection);
            Assert.Equal(0L, (long)(await jobs.ExecuteScalarAsync())!);
        }
        finally
        {
            await TestCluster.DropDatabaseAsync(cs);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> QuartzTablesAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            "select table_name from information_schema.tables where table_schema = current_schema() and table_name like 'qrtz%' order by 1",
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        var tables = new List<string>();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }
        return tables;
    }
}
