using Investment.Api.Data;
using Investment.Api.Tests.Infrastructure;
using Npgsql;

namespace Investment.Api.Tests.Data;

public sealed class SeedDataTests
{
    [Fact]
    public async Task Load_Twice_SecondLoadInsertsNothingAndChangesNothing()
    {
        var cs = await TestCluster.CreateDatabaseAsync(seeded: false);
        try
        {
            var loader = new SeedDataLoader(TestCluster.Logger<SeedDataLoader>());
            var first = await loader.LoadAsync(cs, TestCluster.SeedDirectory, CancellationToken.None);
            var snapshot = await SnapshotAsync(cs);
            var second = await loader.LoadAsync(cs, TestCluster.SeedDirectory, CancellationToken.None);

            Assert.True(first["regions.csv"] > 0 && first["projects.csv"] > 0);
            Assert.All(second, kv => Assert.Equal(0, kv.Value));
            Assert.Equal(snapshot, await SnapshotAsync(cs));
        }
        finally
        {
            await TestCluster.DropDatabaseAsync(cs);
        }
    }

    [Fact]
    public async Task Seed_HasTheRegionTreeTheDocumentsNeed()
    {
        var cs = await TestCluster.CreateDatabaseAsync(seeded: true);
        try
        {
            Assert.Equal(6L, await ScalarAsync(cs, "select count(*) from regions where parent_code = '330600' and level = 'county'"));
            Assert.Equal(9L, await ScalarAsync(cs, "select count(*) from regions where parent_code = '331000' and level = 'county'"));
            Assert.Equal("沂源县", await ScalarAsync(cs, "select name from regions where code = '370323' and parent_code = '370300'"));
            Assert.Equal("370000", await ScalarAsync(cs, "select parent_code from regions where code = '370300'"));
            foreach (var county in new[] { "330681", "331081", "370323" })
            {
                Assert.True((long)(await ScalarAsync(cs, $"select count(*) from projects where region_code = '{county}'"))! >= 5,
                    $"expected the seed projects of {county}");
            }
            // Every project has at least one section and every section lies in a county.
            Assert.Equal(0L, await ScalarAsync(cs, "select count(*) from projects p where not exists (select 1 from sections s where s.project_id = p.id)"));
            Assert.Equal(0L, await ScalarAsync(cs, "select count(*) from sections s join regions r on r.code = s.region_code where r.level <> 'county'"));
        }
        finally
        {
            await TestCluster.DropDatabaseAsync(cs);
        }
    }

    private static async Task<object?> ScalarAsync(string cs, string sql)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static async Task<string> SnapshotAsync(string cs)
    {
        var parts = new List<string>();
        foreach (var table in new[] { "regions", "projects", "project_scopes", "sections", "milestones", "annual_plans", "region_targets",
            "monthly_reports", "land_issues", "quantity_targets", "quantity_progress", "funding_sources" })
        {
            parts.Add($"{table}:{await ScalarAsync(cs, $"select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from {table} t")}");
        }
        return string.Join(',', parts);
    }
}
