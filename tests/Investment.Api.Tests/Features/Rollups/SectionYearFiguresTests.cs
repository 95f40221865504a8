using Investment.Api.Tests.Features.Figures;
using Investment.Api.Tests.Infrastructure;
using Npgsql;

namespace Investment.Api.Tests.Features.Rollups;

/// <summary>
/// section_year_figures (0017), what the roll-up reads instead of every report, always says what the approved reports
/// say: checked against the reports themselves, recomputed here in C#, after the seed, after each kind of write a
/// report goes through, and after two transactions approving months of one section at once.
/// </summary>
public sealed class SectionYearFiguresTests(SeededApiFixture api) : IClassFixture<SeededApiFixture>
{
    [Fact]
    public async Task Every_row_of_the_seeded_database_matches_its_approved_reports()
    {
        var mismatches = await MismatchesAsync(null);
        Assert.Empty(mismatches);
        await using var connection = await OpenAsync();
        Assert.True(await ScalarAsync<long>(connection, "select count(*) from section_year_figures where approved_months <> 0") > 0);
    }

    [Fact]
    public async Task Inserts_corrections_and_deletions_keep_the_row_exact()
    {
        var section = (await api.CreateProjectAsync("SYF-LIFE", ["330681"])).SectionIds[0];
        await using var connection = await OpenAsync();

        // Three months approved in one statement, one still a draft (it must not count).
        await ExecuteAsync(connection, $"""
            insert into monthly_reports (section_id, year, month, revision, status, month_actual, physical_progress)
            values ({section}, 2023, 1, 1, 'approved', 100.5, 10), ({section}, 2023, 2, 1, 'approved', 200.25, 20),
                   ({section}, 2023, 3, 1, 'approved', 0, null), ({section}, 2023, 4, 1, 'draft', 999, 90)
            """);
        var row = await RowAsync(connection, section, 2023);
        Assert.Equal([100.5m, 200.25m, 0m], row.Actuals[..3]);
        Assert.Null(row.Actuals[3]);
        Assert.Equal([100.5m, 300.75m, 300.75m, 300.75m], row.Ytd[..4]);
        Assert.Equal(0b111, row.ApprovedMonths);
        Assert.Equal(0, row.BackwardsMonths);

        // A correction: the approved revision superseded, then the new one approved, in one transaction; progress goes
        // down in month 2, which is a backwards month.
        await using (var tx = await connection.BeginTransactionAsync())
        {
            await ExecuteAsync(connection, $"update monthly_reports set status = 'superseded' where section_id = {section} and year = 2023 and month = 2 and revision = 1", tx);
            await ExecuteAsync(connection, $"""
                insert into monthly_reports (section_id, year, month, revision, status, month_actual, physical_progress, correction_reason)
                values ({section}, 2023, 2, 2, 'approved', 150, 5, '更正')
                """, tx);
            await tx.CommitAsync();
        }
        row = await RowAsync(connection, section, 2023);
        Assert.Equal(150m, row.Actuals[1]);
        Assert.Equal(250.5m, row.Ytd[11]);
        Assert.Equal(0b10, row.BackwardsMonths);

        // The draft approved; then month 1 deleted: the sums move, and month 2 is no longer below anything.
        await ExecuteAsync(connection, $"update monthly_reports set status = 'approved' where section_id = {section} and year = 2023 and month = 4");
        await ExecuteAsync(connection, $"delete from monthly_reports where section_id = {section} and year = 2023 and month = 1");
        row = await RowAsync(connection, section, 2023);
        Assert.Null(row.Actuals[0]);
        Assert.Null(row.Ytd[0]);
        Assert.Equal(1149m, row.Ytd[11]);
        Assert.Equal(0b1110, row.ApprovedMonths);
        Assert.Equal(0, row.BackwardsMonths);

        // Every report gone: the row says nothing is approved.
        await ExecuteAsync(connection, $"delete from monthly_reports where section_id = {section}");
        row = await RowAsync(connection, section, 2023);
        Assert.Equal(0, row.ApprovedMonths);
        Assert.All(row.Ytd, Assert.Null);
        Assert.Empty(await MismatchesAsync(section));
    }

    [Fact]
    public async Task Two_transactions_approving_months_of_one_section_at_once_both_count()
    {
        var section = (await api.CreateProjectAsync("SYF-RACE", ["330681"])).SectionIds[0];
        await using var first = await OpenAsync();
        await using var second = await OpenAsync();
        await ExecuteAsync(first, $"insert into monthly_reports (section_id, year, month, revision, status, month_actual) values ({section}, 2023, 5, 1, 'approved', 10)");

        await using var firstTx = await first.BeginTransactionAsync();
        await ExecuteAsync(first, $"insert into monthly_reports (section_id, year, month, revision, status, month_actual) values ({section}, 2023, 6, 1, 'approved', 20)", firstTx);
        // The second waits for the first's lock on the row; when it goes on it must read the first's committed month.
        await using var secondTx = await second.BeginTransactionAsync();
        var waiting = ExecuteAsync(second, $"insert into monthly_reports (section_id, year, month, revision, status, month_actual) values ({section}, 2023, 7, 1, 'approved', 40)", secondTx);
        await using (var watcher = await OpenAsync())
        {
            // Until the second is seen waiting for a lock (what it waits for is the first's row).
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (await ScalarAsync<string?>(watcher, $"select wait_event_type from pg_stat_activity where pid = {second.ProcessID}") != "Lock")
            {
                Assert.True(DateTime.UtcNow < deadline && !waiting.IsCompleted, "the second transaction did not wait for the first");
                await Task.Delay(20);
            }
        }
        await firstTx.CommitAsync();
        await waiting;
        await secondTx.CommitAsync();

        var row = await RowAsync(first, section, 2023);
        Assert.Equal(70m, row.Ytd[11]);
        Assert.Equal(0b111_0000, row.ApprovedMonths);
        Assert.Empty(await MismatchesAsync(section));
    }

    private sealed record Figures(decimal?[] Actuals, decimal?[] Ytd, decimal?[] Progress, int ApprovedMonths, int BackwardsMonths);

    /// <summary>Sections and years whose stored row differs from the one recomputed here from their approved reports.</summary>
    private async Task<List<string>> MismatchesAsync(long? onlySection)
    {
        await using var connection = await OpenAsync();
        var filter = onlySection is { } s ? $"and section_id = {s}" : "";
        var expected = new Dictionary<(long, int), Figures>();
        await using (var reports = new NpgsqlCommand(
            $"select section_id, year, month, month_actual, physical_progress from monthly_reports where status = 'approved' {filter} order by section_id, year, month", connection))
        await using (var reader = await reports.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var key = (reader.GetInt64(0), reader.GetInt32(1));
                if (!expected.TryGetValue(key, out var f))
                {
                    expected[key] = f = new Figures(new decimal?[12], new decimal?[12], new decimal?[12], 0, 0);
                }
                var month = reader.GetInt32(2);
                f.Actuals[month - 1] = reader.GetDecimal(3);
                f.Progress[month - 1] = reader.IsDBNull(4) ? null : reader.GetDecimal(4);
                expected[key] = f with { ApprovedMonths = f.ApprovedMonths | (1 << (month - 1)) };
            }
        }
        foreach (var (key, f) in expected.ToList())
        {
            decimal? sum = null;
            decimal? latest = null;
            var backwards = 0;
            for (var m = 0; m < 12; m++)
            {
                if (f.Actuals[m] is { } a) sum = (sum ?? 0) + a;
                f.Ytd[m] = sum;
                if (f.Progress[m] is { } p)
                {
                    if (latest is { } l && p < l) backwards |= 1 << m;
                    latest = p;
                }
            }
            expected[key] = f with { BackwardsMonths = backwards };
        }

        var mismatches = new List<string>();
        var stored = new HashSet<(long, int)>();
        await using (var rows = new NpgsqlCommand(
            $"select section_id, year, actuals, ytd, progress, approved_months, backwards_months from section_year_figures where true {filter}", connection))
        await using (var reader = await rows.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var key = (reader.GetInt64(0), reader.GetInt32(1));
                var row = new Figures(reader.GetFieldValue<decimal?[]>(2), reader.GetFieldValue<decimal?[]>(3),
                    reader.GetFieldValue<decimal?[]>(4), reader.GetInt32(5), reader.GetInt32(6));
                var want = expected.GetValueOrDefault(key) ?? new Figures(new decimal?[12], new decimal?[12], new decimal?[12], 0, 0);
                if (row.ApprovedMonths != 0)
                {
                    stored.Add(key);
                }
                if (!row.Actuals.SequenceEqual(want.Actuals) || !row.Ytd.SequenceEqual(want.Ytd) || !row.Progress.SequenceEqual(want.Progress)
                    || row.ApprovedMonths != want.ApprovedMonths || row.BackwardsMonths != want.BackwardsMonths)
                {
                    mismatches.Add($"section {key.Item1} year {key.Item2}");
                }
            }
        }
        mismatches.AddRange(expected.Keys.Where(k => !stored.Contains(k)).Select(k => $"section {k.Item1} year {k.Item2} has no row"));
        return mismatches;
    }

    private static async Task<Figures> RowAsync(NpgsqlConnection connection, long section, int year)
    {
        await using var command = new NpgsqlCommand(
            $"select actuals, ytd, progress, approved_months, backwards_months from section_year_figures where section_id = {section} and year = {year}", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no row for section {section} in {year}");
        return new Figures(reader.GetFieldValue<decimal?[]>(0), reader.GetFieldValue<decimal?[]>(1), reader.GetFieldValue<decimal?[]>(2),
            reader.GetInt32(3), reader.GetInt32(4));
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, NpgsqlTransaction? tx = null)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull or null ? default! : (T)value;
    }
}
