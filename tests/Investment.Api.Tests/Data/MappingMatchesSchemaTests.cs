using Investment.Api.Data;
using Investment.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Investment.Api.Tests.Data;

/// <summary>
/// Builds one database from the SQL migrations and one from the EF model, and compares their tables, columns, types,
/// nullability, keys, foreign keys and indexes. Any drift between the C# mapping and the SQL files fails here.
/// </summary>
public sealed class MappingMatchesSchemaTests
{
    [Fact]
    public async Task EfModel_AndSqlMigrations_DescribeTheSameSchema()
    {
        var fromMigrations = await TestCluster.CreateDatabaseAsync(seeded: false);
        var fromModel = await TestCluster.CreateEmptyDatabaseAsync();
        try
        {
            await using (var db = new InvestmentDb(new DbContextOptionsBuilder<InvestmentDb>().UseNpgsql(fromModel).Options))
            {
                await db.Database.EnsureCreatedAsync();
            }

            var expected = await DescribeAsync(fromMigrations);
            var actual = await DescribeAsync(fromModel);

            Assert.NotEmpty(expected);
            var missingFromModel = expected.Except(actual).ToList();
            var missingFromSql = actual.Except(expected).ToList();
            Assert.True(missingFromModel.Count == 0 && missingFromSql.Count == 0,
                "Schema drift.\nIn the SQL migrations but not the EF model:\n  " + string.Join("\n  ", missingFromModel) +
                "\nIn the EF model but not the SQL migrations:\n  " + string.Join("\n  ", missingFromSql));
        }
        finally
        {
            await TestCluster.DropDatabaseAsync(fromMigrations);
            await TestCluster.DropDatabaseAsync(fromModel);
        }
    }

    private const string Excluded = "('schema_migrations', '__EFMigrationsHistory')";

    private static async Task<SortedSet<string>> DescribeAsync(string connectionString)
    {
        var facts = new SortedSet<string>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await AddAsync(connection, facts, $"""
            select 'column ' || table_name || '.' || column_name || ' ' || data_type
                   || coalesce('(' || character_maximum_length || ')', '')
                   || coalesce('(' || numeric_precision || ',' || numeric_scale || ')', '')
                   || case when is_nullable = 'YES' then ' null' else ' not null' end
                   || case when is_identity = 'YES' then ' identity ' || identity_generation else '' end
            from information_schema.columns
            where table_schema = 'public' and table_name not in {Excluded}
            """);
        await AddAsync(connection, facts, $"""
            select 'constraint ' || c.conrelid::regclass || ' ' || c.conname || ' ' || c.contype::text || ' '
                   || pg_get_constraintdef(c.oid)
            from pg_constraint c join pg_namespace n on n.oid = c.connamespace
            where n.nspname = 'public' and c.contype in ('p', 'f', 'u')
              and c.conrelid::regclass::text not in {Excluded}
            """);
        await AddAsync(connection, facts, $"""
            select 'index ' || tablename || ' ' || indexname || ' ' || regexp_replace(indexdef, '^.* USING ', '')
                   || case when indexdef like 'CREATE UNIQUE%' then ' unique' else '' end
            from pg_indexes
            where schemaname = 'public' and tablename not in {Excluded}
            """);
        return facts;
    }

    private static async Task AddAsync(NpgsqlConnection connection, SortedSet<string> facts, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            facts.Add(reader.GetString(0));
        }
    }
}
