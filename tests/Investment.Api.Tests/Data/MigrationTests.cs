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
        Assert.Equal(Enumerable.Range(1, versions.Count), versions);
    }
}
