using System.Globalization;
using Investment.Api.Data;
using Investment.Api.Tests.Infrastructure;
using Npgsql;

namespace Investment.Api.Tests.Data;

/// <summary>
/// The roll-up's own binary COPY writer against PostgreSQL itself: every value written comes back equal, decimals with
/// their scale, through an unconstrained numeric, a numeric(18,4) column and a varchar.
/// </summary>
public sealed class BinaryCopyWriterTests
{
    private static readonly string[] Decimals =
    [
        "0", "0.00", "-0.0000", "1", "-1", "0.5", "1.50", "12345.6789", "10000", "1.0000", "0.0001", "-0.000001",
        "123456789012.3456", "99999999999999.9999", "0.1234567", "100000000", "-4271.000001", "0.0000000000000000000000000001",
        "79228162514264337593543950335", "-79228162514264337593543950335", "7.9228162514264337593543950335",
        "18446744073709551.615", "18446744073709551615", "-18446744073709551616.5", "1844674407370955.1616",
    ];

    [Fact]
    public async Task Numeric_ComesBackAsTheSameValueWithItsScale()
    {
        var values = Decimals.Select(d => decimal.Parse(d, NumberStyles.Float, CultureInfo.InvariantCulture)).ToList();
        var stored = await RoundTripAsync("numeric", values.Count, (copy, i) => copy.Numeric(values[i]));
        // The display scale travels too; PostgreSQL writes any zero without a sign.
        var expected = values.Select(v => v == 0 ? v.ToString(CultureInfo.InvariantCulture).TrimStart('-') : v.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(expected, stored);
    }

    [Fact]
    public async Task TypedColumns_AndNulls_ComeBackAsWritten()
    {
        var database = await TestCluster.CreateEmptyDatabaseAsync();
        try
        {
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            await Execute(connection, "create table t (i integer, l bigint, n numeric(18,4), s varchar(1000))");
            await using (var copy = await BinaryCopyWriter.BeginAsync(connection, "copy t (i, l, n, s) from stdin (format binary)", default))
            {
                for (var row = 0; row < 20_000; row++)
                {
                    await copy.StartRowAsync(4, default);
                    copy.Int(row % 7 == 0 ? null : -row);
                    copy.Long(row % 11 == 0 ? null : long.MaxValue - row);
                    copy.Numeric(row % 13 == 0 ? null : (row * 1.2345m) - 5000m);
                    copy.Text(row % 17 == 0 ? null : $"项目{row}：各标段分摊投资合计{row}万元 " + new string('x', row % 900));
                }
                await copy.CompleteAsync(default);
            }

            await using var read = new NpgsqlCommand("select i, l, n, s from t order by coalesce(l, 0), i", connection);
            await using var reader = await read.ExecuteReaderAsync();
            var rows = new List<(int? I, long? L, decimal? N, string? S)>();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.IsDBNull(0) ? null : reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetInt64(1),
                    reader.IsDBNull(2) ? null : reader.GetDecimal(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
            }
            Assert.Equal(20_000, rows.Count);
            var expected = Enumerable.Range(0, 20_000).Select(row => (
                    I: row % 7 == 0 ? null : (int?)-row,
                    L: row % 11 == 0 ? null : (long?)(long.MaxValue - row),
                    N: row % 13 == 0 ? null : (decimal?)((row * 1.2345m) - 5000m),
                    S: row % 17 == 0 ? null : $"项目{row}：各标段分摊投资合计{row}万元 " + new string('x', row % 900)))
                .ToHashSet();
            Assert.True(expected.SetEquals(rows), "the rows read back differ from the rows written");
        }
        finally
        {
            await TestCluster.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task AnAbandonedCopy_StoresNothing_AndLeavesTheConnectionUsable()
    {
        var database = await TestCluster.CreateEmptyDatabaseAsync();
        try
        {
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            await Execute(connection, "create table t (i integer)");
            await using (var copy = await BinaryCopyWriter.BeginAsync(connection, "copy t (i) from stdin (format binary)", default))
            {
                await copy.StartRowAsync(1, default);
                copy.Int(1);
            }
            await using var count = new NpgsqlCommand("select count(*) from t", connection);
            Assert.Equal(0L, await count.ExecuteScalarAsync());
        }
        finally
        {
            await TestCluster.DropDatabaseAsync(database);
        }
    }

    /// <summary>Writes <paramref name="count"/> rows of one column and reads them back as text, in order.</summary>
    private static async Task<List<string?>> RoundTripAsync(string type, int count, Action<BinaryCopyWriter, int> write)
    {
        var database = await TestCluster.CreateEmptyDatabaseAsync();
        try
        {
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            await Execute(connection, $"create table t (n integer, v {type})");
            await using (var copy = await BinaryCopyWriter.BeginAsync(connection, "copy t (n, v) from stdin (format binary)", default))
            {
                for (var i = 0; i < count; i++)
                {
                    await copy.StartRowAsync(2, default);
                    copy.Int(i);
                    write(copy, i);
                }
                await copy.CompleteAsync(default);
            }
            await using var read = new NpgsqlCommand("select v::text from t order by n", connection);
            await using var reader = await read.ExecuteReaderAsync();
            var values = new List<string?>();
            while (await reader.ReadAsync())
            {
                values.Add(reader.IsDBNull(0) ? null : reader.GetString(0));
            }
            return values;
        }
        finally
        {
            await TestCluster.DropDatabaseAsync(database);
        }
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
