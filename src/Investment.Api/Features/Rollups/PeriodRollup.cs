using System.Diagnostics;
using Investment.Api.Data;
using Investment.Api.Features.Access;
using Investment.Domain;
using Investment.Domain.Progress;
using Investment.Domain.Regions;
using Npgsql;
using NpgsqlTypes;

namespace Investment.Api.Features.Rollups;

/// <summary>What a roll-up did, and where its time went; stored as the job's result.</summary>
/// <remarks><see cref="RowsWritten"/>: rows inserted, new or changed since the period's previous run (all of them on a
/// first run; none on a rerun over unchanged reports).</remarks>
public sealed record RollupOutcome(
    string Period, int RowCount, int FindingCount, IReadOnlyDictionary<string, int> FindingsByKind, long ElapsedMilliseconds,
    long AggregateMilliseconds, long ComputeMilliseconds, long WriteMilliseconds, int RowsWritten);

/// <summary>
/// Rolls one period up, in one transaction: delete the period's findings and run, recompute, then bring the period's rows
/// to exactly the recomputed ones: rows whose figures did not change stay, the others are deleted and the new or changed
/// ones inserted (at national scale inserting the rows took 4.6 s of database CPU, reading them back under 1 s, and a
/// rerun usually finds most rows unchanged). No foreign key ties rows and findings to their run: checking it on every
/// inserted row cost a quarter of the write. A crash or a cancellation anywhere rolls the whole thing back, so a retry
/// starts from the previous complete run and writes exactly the same rows; an advisory lock per period makes two runs of
/// one period take turns.
/// Runs without an HTTP caller (from a job), so it reads the tables directly rather than through CallerScope: the
/// roll-up is the bureau's, whoever starts it; reading it is narrowed. Its own connection is not EF's, so it names the
/// audit actor itself.
/// </summary>
public sealed class PeriodRollup(DatabaseConnection database, TimeProvider time, ILogger<PeriodRollup> logger)
{
    // First key of the two-int advisory lock space used for roll-ups; the second is yyyymm. The migration runner uses
    // the one-bigint space, which never collides with this one.
    private const int AdvisoryLockClass = 7_240_411;

    // actor: who the audit trail records for the run (the job's starter, or system:scheduler).
    public async Task<RollupOutcome> RunAsync(
        ReportingMonth period, Guid? jobId, string actor, Func<decimal, CancellationToken, Task>? reportProgress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        reportProgress ??= static (_, _) => Task.CompletedTask;
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var setActor = new NpgsqlCommand($"select set_config('{AuditActor.Setting}', @actor, true)", connection, transaction))
        {
            setActor.Parameters.Add(new NpgsqlParameter<string>("actor", actor));
            await setActor.ExecuteScalarAsync(ct);
        }

        // JIT off: this statement compiles some 90 expression functions (0.7–0.9 s measured at 2 million reports), and
        // once the table grows past the inlining/optimisation cost thresholds, seconds more; off keeps the cost flat.
        // work_mem: the hash aggregate over every section's two years fits in memory instead of spilling to disk.
        await ExecuteAsync(connection, transaction, $"""
            set local jit = off;
            set local work_mem = '256MB';
            select pg_advisory_xact_lock({AdvisoryLockClass}, {(period.Year * 100) + period.Month});
            delete from data_quality_findings where year = {period.Year} and month = {period.Month};
            delete from rollup_runs where year = {period.Year} and month = {period.Month};
            """, ct);
        await reportProgress(0.1m, ct);

        var started = clock.ElapsedMilliseconds;
        var (groups, signals) = await AggregateAsync(connection, transaction, period, ct);
        var context = await ReadContextAsync(connection, transaction, period, ct);
        var aggregated = clock.ElapsedMilliseconds;
        await reportProgress(0.6m, ct);

        // From its retirement's month on, a retired region's sections count in its successor: its groups are the
        // successor's, so it gets no row of its own (and leaves the rankings) and the successor's YoY compares like with like.
        groups = [.. groups.Select(g => g with { RegionCode = context.Succession.EffectiveCode(g.RegionCode, period) })];
        var rows = RollupAssembler.BuildRows(period, groups, context.Regions, context.Targets, context.Thresholds);
        var findings = RollupAssembler.Findings(period, signals, context.Shares, rows);
        var computed = clock.ElapsedMilliseconds;
        await reportProgress(0.8m, ct);

        await using (var insertRun = new NpgsqlCommand(
            """
            insert into rollup_runs (year, month, job_id, computed_at, row_count, finding_count)
            values (@y, @m, @job, @at, @rows, @findings)
            """, connection, transaction))
        {
            insertRun.Parameters.Add(new NpgsqlParameter<int>("y", period.Year));
            insertRun.Parameters.Add(new NpgsqlParameter<int>("m", period.Month));
            insertRun.Parameters.Add(new NpgsqlParameter<Guid?>("job", jobId) { NpgsqlDbType = NpgsqlDbType.Uuid });
            insertRun.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("at", time.GetUtcNow()));
            insertRun.Parameters.Add(new NpgsqlParameter<int>("rows", rows.Count));
            insertRun.Parameters.Add(new NpgsqlParameter<int>("findings", findings.Count));
            await insertRun.ExecuteNonQueryAsync(ct);
        }
        var rowsWritten = await ReplaceRowsAsync(connection, transaction, period, rows, ct);
        await CopyFindingsAsync(connection, findings, ct);
        await transaction.CommitAsync(ct);

        var byKind = findings.GroupBy(f => f.Kind).OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count());
        var outcome = new RollupOutcome(period.ToString(), rows.Count, findings.Count, byKind, clock.ElapsedMilliseconds,
            aggregated - started, computed - aggregated, clock.ElapsedMilliseconds - computed, rowsWritten);
        logger.LogInformation(
            "Rolled up {Period}: {Rows} rows ({Written} written), {Findings} findings in {Elapsed} ms (aggregate {Aggregate} ms, compute {Compute} ms, write {Write} ms)",
            outcome.Period, outcome.RowCount, outcome.RowsWritten, outcome.FindingCount, outcome.ElapsedMilliseconds,
            outcome.AggregateMilliseconds, outcome.ComputeMilliseconds, outcome.WriteMilliseconds);
        return outcome;
    }

    private static async Task<(List<GroupFigures> Groups, List<SectionSignal> Signals)> AggregateAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, ReportingMonth period, CancellationToken ct)
    {
        var groups = new List<GroupFigures>();
        var signals = new List<SectionSignal>();
        await using var command = new NpgsqlCommand(RollupSql.Aggregation(period.Month), connection, transaction);
        // A national-scale year of reports takes seconds, not the default 30 s limit's worth; cancellation still applies.
        command.CommandTimeout = 0;
        command.Parameters.Add(new NpgsqlParameter<int>("y", period.Year));
        command.Parameters.Add(new NpgsqlParameter<int>("m", period.Month));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var region = reader.GetString(1);
            var mode = reader.GetString(2);
            if (reader.GetInt32(0) == 0)
            {
                groups.Add(new GroupFigures(region, mode, reader.GetString(3), reader.GetInt32(4), reader.GetDecimal(5),
                    reader.GetDecimal(6), reader.GetDecimal(7), reader.GetDecimal(8), reader.GetDecimal(9)));
            }
            else
            {
                signals.Add(new SectionSignal(region, mode, reader.GetInt64(10), reader.GetInt64(11), reader.GetString(12),
                    reader.GetDecimal(8), reader.GetInt32(13), reader.IsDBNull(14) ? null : reader.GetString(14),
                    reader.IsDBNull(15) ? null : reader.GetFieldValue<decimal?[]>(15), reader.GetBoolean(16), reader.GetInt32(17),
                    reader.IsDBNull(18) ? null : reader.GetFieldValue<DateOnly>(18)));
            }
        }
        return (groups, signals);
    }

    private sealed record Context(
        IReadOnlyDictionary<string, RegionNode> Regions, RegionSuccession Succession, IReadOnlyDictionary<(string, string), decimal> Targets,
        LagThresholds Thresholds, List<ProjectShares> Shares);

    private static async Task<Context> ReadContextAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, ReportingMonth period, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(RollupSql.Regions),
                new NpgsqlBatchCommand(RollupSql.Targets.Replace("@y", "$1", StringComparison.Ordinal)) { Parameters = { new NpgsqlParameter<int> { TypedValue = period.Year } } },
                new NpgsqlBatchCommand(RollupSql.Thresholds),
                new NpgsqlBatchCommand(RollupSql.SharesOffTotal),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var regions = new Dictionary<string, RegionNode>(StringComparer.Ordinal);
        var retirements = new List<Retirement>();
        while (await reader.ReadAsync(ct))
        {
            regions[reader.GetString(0)] = new RegionNode(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
            if (!reader.IsDBNull(3))
            {
                retirements.Add(new Retirement(reader.GetString(0), reader.GetString(3), ReportingMonth.Of(reader.GetFieldValue<DateOnly>(4))));
            }
        }
        await reader.NextResultAsync(ct);
        var targets = new Dictionary<(string, string), decimal>();
        while (await reader.ReadAsync(ct))
        {
            targets[(reader.GetString(0), reader.GetString(1))] = reader.GetDecimal(2);
        }
        await reader.NextResultAsync(ct);
        var thresholds = LagThresholds.Default;
        if (await reader.ReadAsync(ct))
        {
            thresholds = new LagThresholds(reader.GetDecimal(0), reader.GetDecimal(1));
        }
        await reader.NextResultAsync(ct);
        var shares = new List<ProjectShares>();
        while (await reader.ReadAsync(ct))
        {
            shares.Add(new ProjectShares(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetDecimal(3), reader.GetDecimal(4)));
        }
        return new Context(regions, new RegionSuccession(retirements), targets, thresholds, shares);
    }

    /// <summary>
    /// Leaves exactly <paramref name="rows"/> as the period's rows and answers how many it inserted. Reads the rows the
    /// previous run left and compares every column: unchanged ones stay; stale or vanished ones are deleted by key, new and
    /// changed ones copied in. When most rows differ, deleting the whole period and copying everything is cheaper.
    /// </summary>
    private static async Task<int> ReplaceRowsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, ReportingMonth period, List<RollupRow> rows, CancellationToken ct)
    {
        var wanted = new Dictionary<(string, string, string, string), RollupRow>(rows.Count);
        foreach (var row in rows)
        {
            wanted.Add(KeyOf(row), row);
        }
        var unchanged = new HashSet<RollupRow>(ReferenceEqualityComparer.Instance);
        var stale = new List<(string Region, string Category, string Mode, string Scope)>();
        await using (var read = new NpgsqlCommand(
            $"select {RowColumns} from rollup_rows where year = @y and month = @m", connection, transaction))
        {
            read.Parameters.Add(new NpgsqlParameter<int>("y", period.Year));
            read.Parameters.Add(new NpgsqlParameter<int>("m", period.Month));
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var key = (reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5));
                if (wanted.TryGetValue(key, out var row) && SameAs(reader, row))
                {
                    unchanged.Add(row);
                }
                else
                {
                    stale.Add(key);
                }
            }
        }

        var toWrite = unchanged.Count == 0 ? rows : rows.Where(r => !unchanged.Contains(r)).ToList();
        if (stale.Count > rows.Count / 2)
        {
            await using var deleteAll = new NpgsqlCommand("delete from rollup_rows where year = @y and month = @m", connection, transaction);
            deleteAll.Parameters.Add(new NpgsqlParameter<int>("y", period.Year));
            deleteAll.Parameters.Add(new NpgsqlParameter<int>("m", period.Month));
            await deleteAll.ExecuteNonQueryAsync(ct);
            toWrite = rows;
        }
        else if (stale.Count > 0)
        {
            await using var deleteStale = new NpgsqlCommand(
                """
                delete from rollup_rows r
                using unnest(@regions, @categories, @modes, @scopes) as k(region_code, mode_category, mode, scope)
                where r.year = @y and r.month = @m and r.region_code = k.region_code and r.mode_category = k.mode_category
                  and r.mode = k.mode and r.scope = k.scope
                """, connection, transaction);
            deleteStale.Parameters.Add(new NpgsqlParameter<int>("y", period.Year));
            deleteStale.Parameters.Add(new NpgsqlParameter<int>("m", period.Month));
            deleteStale.Parameters.Add(new NpgsqlParameter<string[]>("regions", stale.Select(k => k.Region).ToArray()));
            deleteStale.Parameters.Add(new NpgsqlParameter<string[]>("categories", stale.Select(k => k.Category).ToArray()));
            deleteStale.Parameters.Add(new NpgsqlParameter<string[]>("modes", stale.Select(k => k.Mode).ToArray()));
            deleteStale.Parameters.Add(new NpgsqlParameter<string[]>("scopes", stale.Select(k => k.Scope).ToArray()));
            await deleteStale.ExecuteNonQueryAsync(ct);
        }
        await CopyRowsAsync(connection, toWrite, ct);
        return toWrite.Count;
    }

    private static (string, string, string, string) KeyOf(RollupRow r) => (r.RegionCode, r.ModeCategory, r.Mode, r.Scope);

    private const string RowColumns = """
        year, month, region_code, mode_category, mode, scope, region_level, parent_code, section_count,
        plan, planned_to_date, month_actual, ytd_actual, previous_ytd, task, yoy_growth, completion_rate,
        time_elapsed_progress, lag, lag_status, rank_by_ytd, rank_by_completion, rank_by_yoy
        """;

    /// <summary>Whether the stored row (columns in <see cref="RowColumns"/> order) holds exactly <paramref name="r"/>'s values.</summary>
    private static bool SameAs(NpgsqlDataReader s, RollupRow r) =>
        s.GetString(6) == r.RegionLevel
        && Same(s, 7, r.ParentCode)
        && s.GetInt32(8) == r.SectionCount
        && s.GetDecimal(9) == r.Plan
        && s.GetDecimal(10) == r.PlannedToDate
        && s.GetDecimal(11) == r.MonthActual
        && s.GetDecimal(12) == r.YtdActual
        && s.GetDecimal(13) == r.PreviousYtd
        && Same(s, 14, r.Task)
        && Same(s, 15, r.YoyGrowth)
        && Same(s, 16, r.CompletionRate)
        && Same(s, 17, r.TimeElapsedProgress)
        && Same(s, 18, r.Lag)
        && Same(s, 19, r.LagStatus)
        && Same(s, 20, r.RankByYtd)
        && Same(s, 21, r.RankByCompletion)
        && Same(s, 22, r.RankByYoy);

    private static bool Same(NpgsqlDataReader s, int column, string? value) =>
        s.IsDBNull(column) ? value is null : value is not null && s.GetString(column) == value;

    // decimal equality is by value (1.50 == 1.5): numeric(p, s) stores either one the same way.
    private static bool Same(NpgsqlDataReader s, int column, decimal? value) =>
        s.IsDBNull(column) ? value is null : value is { } v && s.GetDecimal(column) == v;

    private static bool Same(NpgsqlDataReader s, int column, int? value) =>
        s.IsDBNull(column) ? value is null : value is { } v && s.GetInt32(column) == v;

    // Written with the synchronous Write: 23 columns × a national roll-up's rows is millions of calls, and the importer
    // buffers them; only a full buffer touches the socket. The awaited StartRow/Complete flush it asynchronously.
    private static async Task CopyRowsAsync(NpgsqlConnection connection, List<RollupRow> rows, CancellationToken ct)
    {
        await using var copy = await connection.BeginBinaryImportAsync($"copy rollup_rows ({RowColumns}) from stdin (format binary)", ct);
        foreach (var r in rows)
        {
            await copy.StartRowAsync(ct);
            copy.Write(r.Year, NpgsqlDbType.Integer);
            copy.Write(r.Month, NpgsqlDbType.Integer);
            copy.Write(r.RegionCode, NpgsqlDbType.Varchar);
            copy.Write(r.ModeCategory, NpgsqlDbType.Varchar);
            copy.Write(r.Mode, NpgsqlDbType.Varchar);
            copy.Write(r.Scope, NpgsqlDbType.Varchar);
            copy.Write(r.RegionLevel, NpgsqlDbType.Varchar);
            Write(copy, r.ParentCode, NpgsqlDbType.Varchar);
            copy.Write(r.SectionCount, NpgsqlDbType.Integer);
            copy.Write(r.Plan, NpgsqlDbType.Numeric);
            copy.Write(r.PlannedToDate, NpgsqlDbType.Numeric);
            copy.Write(r.MonthActual, NpgsqlDbType.Numeric);
            copy.Write(r.YtdActual, NpgsqlDbType.Numeric);
            copy.Write(r.PreviousYtd, NpgsqlDbType.Numeric);
            Write(copy, r.Task, NpgsqlDbType.Numeric);
            Write(copy, r.YoyGrowth, NpgsqlDbType.Numeric);
            Write(copy, r.CompletionRate, NpgsqlDbType.Numeric);
            Write(copy, r.TimeElapsedProgress, NpgsqlDbType.Numeric);
            Write(copy, r.Lag, NpgsqlDbType.Numeric);
            Write(copy, r.LagStatus, NpgsqlDbType.Varchar);
            Write(copy, r.RankByYtd, NpgsqlDbType.Integer);
            Write(copy, r.RankByCompletion, NpgsqlDbType.Integer);
            Write(copy, r.RankByYoy, NpgsqlDbType.Integer);
        }
        await copy.CompleteAsync(ct);
    }

    private static async Task CopyFindingsAsync(NpgsqlConnection connection, List<DataQualityFinding> findings, CancellationToken ct)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            "copy data_quality_findings (year, month, kind, region_code, project_id, section_id, message) from stdin (format binary)", ct);
        foreach (var f in findings)
        {
            await copy.StartRowAsync(ct);
            copy.Write(f.Year, NpgsqlDbType.Integer);
            copy.Write(f.Month, NpgsqlDbType.Integer);
            copy.Write(f.Kind, NpgsqlDbType.Varchar);
            Write(copy, f.RegionCode, NpgsqlDbType.Varchar);
            Write(copy, f.ProjectId, NpgsqlDbType.Bigint);
            Write(copy, f.SectionId, NpgsqlDbType.Bigint);
            copy.Write(f.Message, NpgsqlDbType.Varchar);
        }
        await copy.CompleteAsync(ct);
    }

    private static void Write<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type) where T : class
    {
        if (value is null) copy.WriteNull();
        else copy.Write(value, type);
    }

    private static void Write<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type) where T : struct
    {
        if (value is { } v) copy.Write(v, type);
        else copy.WriteNull();
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(ct);
    }
}
