using System.Globalization;
using Investment.Domain;
using Npgsql;

namespace Investment.Benchmarks.Rollups;

/// <summary>
/// The roll-up of one period against the bare SQL aggregation of the same figures: plan, plan to date (what the
/// time-elapsed progress is measured against), month, YTD and previous-year YTD per county × mode × scope ('all' counting
/// each section once, a project in several scopes counting in each), read into memory and discarded. The roll-up does
/// more on top — cities, provinces and mode categories, rates, ranks, data-quality checks, and writing ~200,000 rows —
/// and all of that is what the 1.5× of a first run and the 1.3× of a rerun allow for.
/// </summary>
internal static class RollupBenchmark
{
    // The same session settings the roll-up makes for its statement (JIT off, a work_mem that keeps the hash aggregate in
    // memory), so the baseline is the best the database can do rather than a straw man.
    private const string SessionSettings = "set jit = off; set work_mem = '256MB'";

    private const string BareSql = """
        with figures as (
            select r.section_id,
                   sum(r.month_actual) filter (where r.year = @y and r.month = @m) as month_actual,
                   sum(r.month_actual) filter (where r.year = @y) as ytd,
                   sum(r.month_actual) filter (where r.year = @y - 1) as previous_ytd
            from monthly_reports r
            where r.status = 'approved' and r.year between @y - 1 and @y and r.month <= @m
            group by r.section_id
        ),
        base as (
            select s.region_code, p.mode, s.project_id, ap.planned_investment as plan,
                   case when ap.planned_investment is null then 0
                        when ap.monthly_profile is null then round(ap.planned_investment * @m / 12, 4)
                        else coalesce((select round(ap.planned_investment * sum(u.x) filter (where u.i <= @m) / nullif(sum(u.x), 0), 4)
                                       from unnest(ap.monthly_profile) with ordinality as u(x, i)), 0)
                   end as planned_to_date,
                   coalesce(f.month_actual, 0) as month_actual, coalesce(f.ytd, 0) as ytd, coalesce(f.previous_ytd, 0) as previous_ytd
            from sections s
            join projects p on p.id = s.project_id
            left join annual_plans ap on ap.section_id = s.id and ap.year = @y
            left join figures f on f.section_id = s.id
            where ap.section_id is not null or f.section_id is not null
        )
        select b.region_code::text, b.mode::text, 'all' as scope, count(*)::int,
               coalesce(sum(b.plan), 0), sum(b.planned_to_date), sum(b.month_actual), sum(b.ytd), sum(b.previous_ytd)
        from base b
        group by b.region_code, b.mode
        union all
        select b.region_code, b.mode, ps.scope, count(*)::int,
               coalesce(sum(b.plan), 0), sum(b.planned_to_date), sum(b.month_actual), sum(b.ytd), sum(b.previous_ytd)
        from base b
        join project_scopes ps on ps.project_id = b.project_id
        group by b.region_code, b.mode, ps.scope
        """;

    internal sealed record Figures(
        string Region, string Mode, string Scope, int Sections, decimal Plan, decimal PlanToDate, decimal Month, decimal Ytd, decimal PreviousYtd);

    public static async Task RunAsync(string connectionString, ReportingMonth period, int runs, ResultTable results, CancellationToken ct)
    {
        Console.WriteLine($"Roll-up of {period} against the bare SQL aggregation (warm-up, then median of {runs}, interleaved)…");
        List<Figures> bare = [];
        var rerunDetails = new List<string>();
        var firstDetails = new List<string>();
        // Two cases of the same roll-up: a rerun over unchanged reports (the previous run's rows are all still right, so it
        // writes none) and the first run of the period (no rows yet, so it writes all ~200,000): the monthly job's case.
        var times = await Measure.InterleavedMediansAsync(runs,
        [
            new("bare", async () => bare = await BareAsync(connectionString, period, ct)),
            new("rerun", async () => rerunDetails.Add(await RollupUnderTest.RunAsync(connectionString, period, ct))),
            new("first", async () => firstDetails.Add(await RollupUnderTest.RunAsync(connectionString, period, ct)),
                Prepare: () => ForgetPeriodAsync(connectionString, period, ct)),
        ]);
        var bareTime = times["bare"];
        Console.WriteLine($"  bare SQL: {ResultTable.Time(bareTime)}, {bare.Count:N0} county × mode × scope rows");

        var (countyRows, allRows, totals) = await ReadRollupAsync(connectionString, period, ct);
        Console.WriteLine($"  roll-up, rerun:     {ResultTable.Time(times["rerun"])}; as it reports its runs (warm-up first): " + string.Join("; ", rerunDetails));
        Console.WriteLine($"  roll-up, first run: {ResultTable.Time(times["first"])}; as it reports its runs (warm-up first): " + string.Join("; ", firstDetails));
        Console.WriteLine($"  {allRows:N0} rows, of which {countyRows:N0} county × mode × scope rows");

        results.Ratio($"roll-up {period}, rerun (reports unchanged)", times["rerun"], "bare SQL", bareTime, 1.3, "≤ 1.3");
        results.Ratio($"roll-up {period}, first run of the period", times["first"], "bare SQL", bareTime, 1.5, "≤ 1.5");
        results.Value("  same figures (county × mode × scope rows)", $"roll-up {countyRows:N0} = bare SQL {bare.Count:N0}",
            countyRows == bare.Count, "equal counts");
        var mismatches = CompareCountyTotals(bare, totals);
        results.Value("  county all/all/all totals", mismatches.Count == 0
                ? $"{totals.Count:N0} counties equal the bare SQL's"
                : $"{mismatches.Count:N0} of {totals.Count:N0} differ, e.g. {mismatches[0]}",
            mismatches.Count == 0, "all equal");
        await WritePathCostAsync(connectionString, period, ct);
    }

    /// <summary>
    /// What the roll-up's narrow input (section_year_figures, 0017) costs where reports are written, informational: an
    /// approval, as one statement per report, with the table's triggers and without them (disabled inside the
    /// transaction), and rebuilding every row from every approved report, as the migration did. All rolled back.
    /// </summary>
    private static async Task WritePathCostAsync(string connectionString, ReportingMonth period, CancellationToken ct)
    {
        const int Approvals = 500;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        async Task<TimeSpan> TimedAsync(string setup, Func<Task> work)
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            await using (var prepare = new NpgsqlCommand(setup, connection, tx) { CommandTimeout = 0 })
            {
                await prepare.ExecuteNonQueryAsync(ct);
            }
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await work();
            var elapsed = clock.Elapsed;
            await tx.RollbackAsync(ct);
            return elapsed;
        }
        long firstSection;
        await using (var first = new NpgsqlCommand("select min(id) from sections", connection))
        {
            firstSection = (long)(await first.ExecuteScalarAsync(ct))!;
        }
        async Task ApproveAsync()
        {
            // Each report of a different section: an approval re-states its status (the triggers recompute the row all the same).
            await using var command = new NpgsqlCommand(
                "update monthly_reports set status = 'approved', decided_at = now() where section_id = $1 and year = $2 and month = $3 and status = 'approved'",
                connection) { Parameters = { new NpgsqlParameter<long>(), new NpgsqlParameter<int>(), new NpgsqlParameter<int>() } };
            for (var i = 0; i < Approvals; i++)
            {
                command.Parameters[0].Value = firstSection + (i * 173 % 90_000);
                command.Parameters[1].Value = period.Year;
                command.Parameters[2].Value = period.Month;
                await command.ExecuteNonQueryAsync(ct);
            }
        }
        var with = await TimedAsync("select 1", ApproveAsync);
        var without = await TimedAsync("alter table monthly_reports disable trigger section_year_figures_on_update", ApproveAsync);
        var rebuild = await TimedAsync("select 1", async () =>
        {
            await using var command = new NpgsqlCommand("select rebuild_section_year_figures()", connection) { CommandTimeout = 0 };
            await command.ExecuteNonQueryAsync(ct);
        });
        // The rolled-back rebuild leaves a dead version of every row at the table's end: vacuumed away (and the file cut
        // back) so the next run's roll-up reads the table it would in use, not one ten times its size.
        await using (var vacuum = new NpgsqlCommand("vacuum (analyze) section_year_figures, monthly_reports", connection) { CommandTimeout = 0 })
        {
            await vacuum.ExecuteNonQueryAsync(ct);
        }
        Console.WriteLine($"  section_year_figures on the write path: {Approvals} approvals, one statement each: " +
                          $"{with.TotalMilliseconds / Approvals:F2} ms per report with its triggers, {without.TotalMilliseconds / Approvals:F2} ms without; " +
                          $"rebuilding every row from every approved report: {ResultTable.Time(rebuild)} (all rolled back)");
    }

    /// <summary>Removes the period's roll-up (untimed), as if it had never run, and vacuums so no dead rows of it remain.</summary>
    private static async Task ForgetPeriodAsync(string connectionString, ReportingMonth period, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        foreach (var sql in new[]
                 {
                     $"delete from rollup_rows where year = {period.Year} and month = {period.Month}; " +
                     $"delete from data_quality_findings where year = {period.Year} and month = {period.Month}; " +
                     $"delete from rollup_runs where year = {period.Year} and month = {period.Month}",
                     "vacuum rollup_rows, data_quality_findings, rollup_runs",
                 })
        {
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static async Task<List<Figures>> BareAsync(string connectionString, ReportingMonth period, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using (var settings = new NpgsqlCommand(SessionSettings, connection))
        {
            await settings.ExecuteNonQueryAsync(ct);
        }
        await using var command = new NpgsqlCommand(BareSql, connection) { CommandTimeout = 0 };
        command.Parameters.Add(new NpgsqlParameter<int>("y", period.Year));
        command.Parameters.Add(new NpgsqlParameter<int>("m", period.Month));
        var rows = new List<Figures>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new Figures(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3),
                reader.GetDecimal(4), reader.GetDecimal(5), reader.GetDecimal(6), reader.GetDecimal(7), reader.GetDecimal(8)));
        }
        return rows;
    }

    private static async Task<(long CountyRows, long AllRows, Dictionary<string, Figures> CountyTotals)> ReadRollupAsync(
        string connectionString, ReportingMonth period, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("""
            select count(*) filter (where region_level = 'county' and mode <> 'all'), count(*) from rollup_rows where year = @y and month = @m;
            select region_code, section_count, plan, planned_to_date, month_actual, ytd_actual, previous_ytd
            from rollup_rows
            where year = @y and month = @m and region_level = 'county' and mode_category = 'all' and mode = 'all' and scope = 'all';
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<int>("y", period.Year));
        command.Parameters.Add(new NpgsqlParameter<int>("m", period.Month));
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var (countyRows, allRows) = (reader.GetInt64(0), reader.GetInt64(1));
        await reader.NextResultAsync(ct);
        var totals = new Dictionary<string, Figures>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
        {
            totals[reader.GetString(0)] = new Figures(reader.GetString(0), "all", "all", reader.GetInt32(1), reader.GetDecimal(2),
                reader.GetDecimal(3), reader.GetDecimal(4), reader.GetDecimal(5), reader.GetDecimal(6));
        }
        return (countyRows, allRows, totals);
    }

    /// <summary>The bare SQL's 'all'-scope rows summed per county, against the roll-up's county all/all/all rows.</summary>
    internal static List<string> CompareCountyTotals(List<Figures> bare, Dictionary<string, Figures> rollup)
    {
        var expected = bare.Where(f => f.Scope == "all")
            .GroupBy(f => f.Region, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new Figures(g.Key, "all", "all", g.Sum(f => f.Sections), g.Sum(f => f.Plan), g.Sum(f => f.PlanToDate),
                g.Sum(f => f.Month), g.Sum(f => f.Ytd), g.Sum(f => f.PreviousYtd)), StringComparer.Ordinal);
        var mismatches = new List<string>();
        foreach (var region in expected.Keys.Union(rollup.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var e = expected.GetValueOrDefault(region);
            var a = rollup.GetValueOrDefault(region);
            // A county with nothing counted may still get an all-zero row (so it ranks); that is not a difference.
            if (e is null && a is { Sections: 0, Plan: 0, PlanToDate: 0, Month: 0, Ytd: 0, PreviousYtd: 0 })
            {
                continue;
            }
            if (e != a)
            {
                mismatches.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{region}: bare {Describe(e)} vs roll-up {Describe(a)}"));
            }
        }
        return mismatches;
    }

    private static string Describe(Figures? f) => f is null
        ? "none"
        : string.Create(CultureInfo.InvariantCulture, $"{f.Sections} sections, plan {f.Plan}, to date {f.PlanToDate}, month {f.Month}, YTD {f.Ytd}, prev {f.PreviousYtd}");
}
