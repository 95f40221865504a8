using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace Investment.Benchmarks.Synthetic;

/// <summary>What loading the synthetic nation took and wrote.</summary>
internal sealed record LoadOutcome(
    TimeSpan Generate, TimeSpan Copy, TimeSpan Analyze, IReadOnlyList<(string Table, long Rows)> Counts, bool TriggersDisabled);

/// <summary>
/// Writes a <see cref="Nation"/> into a migrated database with binary COPY, table by table. Ids of projects and
/// sections are assigned here (COPY writes an identity column's given values, like OVERRIDING SYSTEM VALUE), then the
/// identity sequences are moved past them.
/// </summary>
internal static class BulkLoader
{
    public static async Task<LoadOutcome> LoadAsync(string connectionString, NationScale scale, Action<string> progress, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);

        if (await ScalarAsync<long>(connection, "select count(*) from regions where code like '9%'", ct) > 0)
        {
            throw new InvalidOperationException(
                "The database already holds synthetic regions (codes 9xxxxx): use --skip-generate to reuse them, or a fresh database.");
        }

        // Audit triggers (if a later migration adds them) and the foreign-key triggers would fire for every one of two
        // million rows; the data is consistent by construction, so this session skips them. Needs a superuser, which the
        // private cluster's connection is; on a database where it is refused the load is merely slower.
        var triggersDisabled = true;
        try
        {
            await ExecuteAsync(connection, "set session_replication_role = replica", ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            triggersDisabled = false;
            progress("  (not a superuser: triggers stay on during the load)");
        }

        var clock = Stopwatch.StartNew();
        var firstProject = await ScalarAsync<long>(connection, "select coalesce(max(id), 0) + 1 from projects", ct);
        var firstSection = await ScalarAsync<long>(connection, "select coalesce(max(id), 0) + 1 from sections", ct);
        var nation = Nation.Generate(scale, firstProject, firstSection);
        var generate = clock.Elapsed;
        progress($"  generated the registry in memory in {generate.TotalSeconds:F1} s: {nation.Regions.Count:N0} regions, " +
                 $"{nation.Projects.Count:N0} projects, {nation.Sections.Count:N0} sections; now {nation.ReportCount:N0} reports to stream");

        clock.Restart();
        var activeFrom = nation.Periods[0].FirstDay;
        var counts = new List<(string, long)>
        {
            ("regions", await CopyAsync(connection, "regions (code, name, level, parent_code)", nation.Regions, (w, r) =>
            {
                w.Write(r.Code, NpgsqlDbType.Varchar);
                w.Write(r.Name, NpgsqlDbType.Varchar);
                w.Write(r.Level, NpgsqlDbType.Varchar);
                WriteNullable(w, r.ParentCode, NpgsqlDbType.Varchar);
            }, ct)),
            ("projects", await CopyAsync(connection, "projects (id, code, name, route_code, mode, total_investment, region_code)", nation.Projects, (w, p) =>
            {
                w.Write(p.Id, NpgsqlDbType.Bigint);
                w.Write(p.Code, NpgsqlDbType.Varchar);
                w.Write(p.Name, NpgsqlDbType.Varchar);
                WriteNullable(w, p.RouteCode, NpgsqlDbType.Varchar);
                w.Write(p.Mode, NpgsqlDbType.Varchar);
                w.Write(p.TotalInvestment, NpgsqlDbType.Numeric);
                w.Write(p.RegionCode, NpgsqlDbType.Varchar);
            }, ct)),
            ("project_scopes", await CopyAsync(connection, "project_scopes (project_id, scope)",
                nation.Projects.SelectMany(p => p.Scopes.Select(s => (p.Id, Scope: s))), (w, ps) =>
                {
                    w.Write(ps.Id, NpgsqlDbType.Bigint);
                    w.Write(ps.Scope, NpgsqlDbType.Varchar);
                }, ct)),
            ("sections", await CopyAsync(connection, "sections (id, project_id, region_code, name, apportioned_investment, active_from)",
                nation.Sections, (w, s) =>
                {
                    w.Write(s.Id, NpgsqlDbType.Bigint);
                    w.Write(s.ProjectId, NpgsqlDbType.Bigint);
                    w.Write(s.RegionCode, NpgsqlDbType.Varchar);
                    w.Write(s.Name, NpgsqlDbType.Varchar);
                    w.Write(s.Apportioned, NpgsqlDbType.Numeric);
                    w.Write(activeFrom, NpgsqlDbType.Date);
                }, ct)),
            ("annual_plans", await CopyAsync(connection, "annual_plans (section_id, year, planned_investment, monthly_profile)",
                nation.Sections.SelectMany(s => s.Plans.Select(p => (s.Id, Plan: p))), (w, sp) =>
                {
                    w.Write(sp.Id, NpgsqlDbType.Bigint);
                    w.Write(sp.Plan.Year, NpgsqlDbType.Integer);
                    w.Write(decimal.FromOACurrency(sp.Plan.Units), NpgsqlDbType.Numeric);
                    if (sp.Plan.ProfileUnits is { } profile)
                    {
                        w.Write(Array.ConvertAll(profile, decimal.FromOACurrency), NpgsqlDbType.Array | NpgsqlDbType.Numeric);
                    }
                    else
                    {
                        w.WriteNull();
                    }
                }, ct)),
            ("region_targets", await CopyAsync(connection, "region_targets (region_code, scope, year, task)", nation.Targets, (w, t) =>
            {
                w.Write(t.RegionCode, NpgsqlDbType.Varchar);
                w.Write(t.Scope, NpgsqlDbType.Varchar);
                w.Write(t.Year, NpgsqlDbType.Integer);
                w.Write(t.Task, NpgsqlDbType.Numeric);
            }, ct)),
        };
        progress($"  registry copied in {clock.Elapsed.TotalSeconds:F1} s; copying monthly reports…");
        counts.Add(("monthly_reports", await CopyAsync(connection,
            """
            monthly_reports (section_id, year, month, revision, status, month_actual, physical_progress, narrative, problems,
                             created_by, submitted_at, submitted_by, decided_at, decided_by)
            """,
            nation.Sections.SelectMany(nation.ReportsOf), (w, r) =>
            {
                w.Write(r.SectionId, NpgsqlDbType.Bigint);
                w.Write(r.Year, NpgsqlDbType.Integer);
                w.Write(r.Month, NpgsqlDbType.Integer);
                w.Write(1, NpgsqlDbType.Integer);
                w.Write("approved", NpgsqlDbType.Varchar);
                w.Write(r.MonthActual, NpgsqlDbType.Numeric);
                w.Write(r.PhysicalProgress, NpgsqlDbType.Numeric);
                w.Write(r.Narrative, NpgsqlDbType.Varchar);
                WriteNullable(w, r.Problems, NpgsqlDbType.Varchar);
                w.Write("bench-reporter", NpgsqlDbType.Varchar);
                w.Write(r.SubmittedAt, NpgsqlDbType.TimestampTz);
                w.Write("bench-reporter", NpgsqlDbType.Varchar);
                w.Write(r.DecidedAt, NpgsqlDbType.TimestampTz);
                w.Write("bench-planner", NpgsqlDbType.Varchar);
            }, ct)));
        await ExecuteAsync(connection, """
            select setval(pg_get_serial_sequence('projects', 'id'), (select max(id) from projects));
            select setval(pg_get_serial_sequence('sections', 'id'), (select max(id) from sections));
            """, ct);
        var copy = clock.Elapsed;

        if (triggersDisabled)
        {
            // The triggers that keep section_year_figures were skipped with the others: build its rows as the migration
            // that made the table does, in one statement over every approved report (what the bare SQL reads).
            clock.Restart();
            progress("  section_year_figures from the approved reports…");
            await ExecuteAsync(connection, "select rebuild_section_year_figures()", ct);
            progress($"  section_year_figures built in {clock.Elapsed.TotalSeconds:F1} s");
        }

        // Fresh statistics and a visibility map, so the first timed query neither plans blind nor sets hint bits.
        clock.Restart();
        progress("  vacuum analyze…");
        await ExecuteAsync(connection, "vacuum (analyze) regions, projects, project_scopes, sections, annual_plans, region_targets, monthly_reports, section_year_figures", ct);
        return new LoadOutcome(generate, copy, clock.Elapsed, counts, triggersDisabled);
    }

    /// <summary>Row counts of the tables a roll-up reads, for a run that reuses a database.</summary>
    public static async Task<IReadOnlyList<(string Table, long Rows)>> CountAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        var counts = new List<(string, long)>();
        foreach (var table in new[] { "regions", "projects", "project_scopes", "sections", "annual_plans", "region_targets", "monthly_reports" })
        {
            counts.Add((table, await ScalarAsync<long>(connection, $"select count(*) from {table}", ct)));
        }
        return counts;
    }

    private static async Task<long> CopyAsync<T>(
        NpgsqlConnection connection, string target, IEnumerable<T> rows, Action<NpgsqlBinaryImporter, T> write, CancellationToken ct)
    {
        await using var importer = await connection.BeginBinaryImportAsync($"copy {target} from stdin (format binary)", ct);
        // Synchronous writes: they only fill the importer's buffer; a full buffer is sent to the socket.
        foreach (var row in rows)
        {
            importer.StartRow();
            write(importer, row);
        }
        return (long)await importer.CompleteAsync(ct);
    }

    private static void WriteNullable(NpgsqlBinaryImporter importer, string? value, NpgsqlDbType type)
    {
        if (value is null)
        {
            importer.WriteNull();
        }
        else
        {
            importer.Write(value, type);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }
}
