using System.Diagnostics;
using System.Globalization;
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
/// Rolls one period up, in one transaction: recompute the period from one row per section, then bring the period's rows,
/// findings and run to exactly the recomputed ones. rollup_rows has one partition per period. A first run (or one where
/// most rows changed) builds the period's rows into a fresh table, indexes it once and swaps it in for the old partition
/// (at national scale inserting ~200,000 rows through an index cost as much as the whole bare aggregate); a rerun
/// keeps the rows whose fingerprints did not change and deletes and inserts the others, usually none, and when the
/// period's fingerprint is the stored one it reads and writes no row at all. No foreign key ties rows and findings to
/// their run: checking it on every inserted row cost a quarter of the write. A crash or a cancellation anywhere rolls the
/// whole thing back, so a retry starts from the previous complete run and writes exactly the same rows; an advisory lock
/// per period makes two runs of one period take turns.
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

        // JIT off: the statement is a join of some 90,000 sections whose plan would cross the JIT cost thresholds at
        // national scale and spend longer compiling expressions than evaluating them.
        await ExecuteAsync(connection, transaction, $"""
            set local jit = off;
            set local work_mem = '256MB';
            select pg_advisory_xact_lock({AdvisoryLockClass}, {(period.Year * 100) + period.Month});
            """, ct);
        var previousRun = await ReadRunAsync(connection, transaction, period, ct);
        await reportProgress(0.1m, ct);

        var started = clock.ElapsedMilliseconds;
        // What the sections are summed and judged against is read on connections of their own while the sections stream
        // in: the database has a core to spare while this one's join runs, and none of it is the period's own data.
        var scopes = ReadProjectScopesAsync(ct);
        var contextTask = ReadContextAsync(period, ct);
        var (groups, signals, shares) = await ReadSectionsAsync(connection, transaction, period, scopes, ct);
        var context = await contextTask;
        var aggregated = clock.ElapsedMilliseconds;
        await reportProgress(0.6m, ct);

        // From its retirement's month on, a retired region's sections count in its successor: its groups are the
        // successor's, so it gets no row of its own (and leaves the rankings) and the successor's YoY compares like with like.
        groups = [.. groups.Select(g => g with { RegionCode = context.Succession.EffectiveCode(g.RegionCode, period) })];
        // The findings about sections and projects need no row: made on the other core and written on this connection
        // (which nothing else uses meanwhile) while the rows are computed; at national scale 88,000 of them, about as
        // long to write as the rows take to compute.
        var sectionFindings = WriteSectionFindingsAsync(connection, transaction, period, previousRun,
            Task.Run(() => RollupAssembler.SectionFindings(period, signals, shares), ct), ct);
        var rhythms = Figures.Forecasts.Rhythms(context.History, context.Regions, context.Succession, period);
        // A period with no rows stored gets a new partition for certain: its rows are copied into it as each region's
        // subtree is finished, on a connection of its own, while the rest are still computed.
        await using var firstBuild = previousRun is null || context.StoredRowCount == 0
            ? await PartitionBuild.StartAsync(database.ConnectionString, period, ct)
            : null;
        var rows = RollupAssembler.BuildRows(period, groups, context.Regions, context.Targets, context.Thresholds, rhythms,
            firstBuild is null ? null : firstBuild.Add);
        var rowsFingerprint = RollupFingerprint.OfRows(rows);
        var selfCheck = RollupAssembler.SelfCheck(period, rows);
        var (findings, findingsFingerprint, findingsKept) = await sectionFindings;
        var computed = clock.ElapsedMilliseconds;
        await reportProgress(0.8m, ct);

        // The self-check's findings are not in the fingerprint: where the others were kept, the previous run's (if the
        // count says it had any) make way for this run's, which should never be any.
        if (findingsKept && previousRun!.FindingCount != findings.Count)
        {
            await ExecuteAsync(connection, transaction, $"""
                delete from data_quality_findings
                where year = {period.Year} and month = {period.Month} and kind = '{FindingKinds.PartsDoNotAddUp}'
                """, ct);
        }
        if (selfCheck.Count > 0)
        {
            await CopyFindingsAsync(connection, selfCheck, ct);
            findings = [.. findings, .. selfCheck];
        }

        // A rerun whose rows hash as the stored ones writes none of them, and reads none back to find out; the count
        // guards against rows deleted behind the roll-up's back.
        var rowsWritten = 0;
        var rebuild = false;
        if (firstBuild is not null)
        {
            rowsWritten = await firstBuild.CompleteAsync(ct);
            rebuild = true;
        }
        else if (previousRun?.RowsFingerprint is not { } storedRows || !storedRows.AsSpan().SequenceEqual(rowsFingerprint)
                 || context.StoredRowCount != rows.Count)
        {
            var change = Compare(await ReadStoredFingerprintsAsync(period, ct), rows);
            rebuild = change.Rebuild;
            rowsWritten = rebuild
                ? await BuildPartitionAsync(period, rows, ct)
                : await WriteChangesAsync(connection, transaction, period, change, ct);
        }
        await using (var saveRun = new NpgsqlCommand(
            """
            delete from rollup_runs where year = @y and month = @m;
            insert into rollup_runs (year, month, job_id, computed_at, row_count, finding_count, rows_fingerprint, findings_fingerprint)
            values (@y, @m, @job, @at, @rows, @findings, @rowsFingerprint, @findingsFingerprint)
            """, connection, transaction))
        {
            saveRun.Parameters.Add(new NpgsqlParameter<int>("y", period.Year));
            saveRun.Parameters.Add(new NpgsqlParameter<int>("m", period.Month));
            saveRun.Parameters.Add(new NpgsqlParameter<Guid?>("job", jobId) { NpgsqlDbType = NpgsqlDbType.Uuid });
            saveRun.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("at", time.GetUtcNow()));
            saveRun.Parameters.Add(new NpgsqlParameter<int>("rows", rows.Count));
            saveRun.Parameters.Add(new NpgsqlParameter<int>("findings", findings.Count));
            saveRun.Parameters.Add(new NpgsqlParameter<byte[]>("rowsFingerprint", rowsFingerprint));
            saveRun.Parameters.Add(new NpgsqlParameter<byte[]>("findingsFingerprint", findingsFingerprint));
            await saveRun.ExecuteNonQueryAsync(ct);
        }
        if (rebuild)
        {
            await SwapPartitionAsync(connection, transaction, period, ct);
        }
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

    /// <summary>
    /// Writes the findings about sections and projects, unless they hash as the previous run's: then those stay. Returns
    /// them, their fingerprint, and whether the stored ones were kept.
    /// </summary>
    private static async Task<(List<DataQualityFinding> Findings, byte[] Fingerprint, bool Kept)> WriteSectionFindingsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, ReportingMonth period, StoredRun? previousRun,
        Task<List<DataQualityFinding>> made, CancellationToken ct)
    {
        var findings = await made;
        var fingerprint = RollupFingerprint.OfFindings(findings);
        if (previousRun?.FindingsFingerprint is { } stored && stored.AsSpan().SequenceEqual(fingerprint))
        {
            return (findings, fingerprint, true);
        }
        await ExecuteAsync(connection, transaction,
            $"delete from data_quality_findings where year = {period.Year} and month = {period.Month}", ct);
        await CopyFindingsAsync(connection, findings, ct);
        return (findings, fingerprint, false);
    }

    private sealed record StoredRun(int FindingCount, byte[]? RowsFingerprint, byte[]? FindingsFingerprint);

    /// <summary>The fingerprints the period's previous run left, if it had one (runs before 0018 left none).</summary>
    private static async Task<StoredRun?> ReadRunAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, ReportingMonth period, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "select finding_count, rows_fingerprint, findings_fingerprint from rollup_runs where year = @y and month = @m", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<int>("y", period.Year));
        command.Parameters.Add(new NpgsqlParameter<int>("m", period.Month));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new StoredRun(reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<byte[]>(1),
                reader.IsDBNull(2) ? null : reader.GetFieldValue<byte[]>(2))
            : null;
    }

    /// <summary>
    /// Streams the period's sections, summing them into county groups and judging each for the data-quality checks as
    /// it arrives, so that work overlaps the database's.
    /// </summary>
    private static async Task<(List<GroupFigures> Groups, List<SectionSignal> Signals, List<ProjectShares> Shares)> ReadSectionsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, ReportingMonth period,
        Task<Dictionary<long, string[]>> projectScopes, CancellationToken ct)
    {
        var groups = new CountyGroups(period);
        var signals = new List<SectionSignal>();
        var shares = new ProjectShareTally();
        await using var command = new NpgsqlCommand(RollupSql.Sections, connection, transaction) { CommandTimeout = 0 };
        command.Parameters.Add(new NpgsqlParameter<int>("y", period.Year));
        command.Parameters.Add(new NpgsqlParameter<int>("m", period.Month));
        await using var reader = await command.ExecuteReaderAsync(ct);
        Dictionary<long, string[]>? scopes = null;
        while (await reader.ReadAsync(ct))
        {
            var section = new SectionFigures(
                SectionId: reader.GetInt64(0), RegionCode: reader.GetString(1), ProjectId: reader.GetInt64(2),
                ProjectCode: reader.GetString(3), Mode: reader.GetString(4), ProjectArchived: reader.GetBoolean(5),
                ActiveFrom: reader.GetFieldValue<DateOnly>(6),
                AcceptedOn: reader.IsDBNull(7) ? null : reader.GetFieldValue<DateOnly>(7),
                StartedOn: reader.IsDBNull(8) ? null : reader.GetFieldValue<DateOnly>(8),
                Plan: reader.IsDBNull(9) ? null : reader.GetDecimal(9),
                PlannedToDate: reader.GetDecimal(10), LinearPlan: reader.GetBoolean(11),
                Ytd: reader.IsDBNull(12) ? null : reader.GetDecimal(12),
                MonthActual: reader.IsDBNull(13) ? null : reader.GetDecimal(13),
                ApprovedMonths: reader.GetInt32(14), BackwardsMonths: reader.GetInt32(15),
                Progress: reader.IsDBNull(16) ? null : reader.GetFieldValue<decimal?[]>(16),
                PreviousYtd: reader.IsDBNull(17) ? null : reader.GetDecimal(17),
                OpenStatus: reader.IsDBNull(18) ? null : reader.GetString(18));
            scopes ??= await projectScopes;
            groups.Add(section, scopes);
            if (RollupAssembler.SignalOf(period, section) is { } signal)
            {
                signals.Add(signal);
            }
            shares.Add(section.ProjectId, section.ProjectCode, reader.GetString(19),
                reader.IsDBNull(20) ? null : reader.GetDecimal(20), reader.IsDBNull(21) ? null : reader.GetDecimal(21));
        }
        return (groups.ToList(), signals, shares.OffTheirTotal());
    }

    private async Task<Dictionary<long, string[]>> ReadProjectScopesAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(RollupSql.ProjectScopes, connection);
        var scopes = new Dictionary<long, List<string>>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var project = reader.GetInt64(0);
            if (!scopes.TryGetValue(project, out var list))
            {
                scopes[project] = list = new List<string>(2);
            }
            // The same few scope names over and over: interned so 186,000 rows hold a handful of strings.
            list.Add(string.Intern(reader.GetString(1)));
        }
        return scopes.ToDictionary(p => p.Key, p => p.Value.ToArray());
    }

    private sealed record Context(
        IReadOnlyDictionary<string, RegionNode> Regions, RegionSuccession Succession, IReadOnlyDictionary<(string, string), decimal> Targets,
        LagThresholds Thresholds, List<Figures.HistoryMonth> History, long StoredRowCount);

    /// <summary>
    /// The regions, targets, lag thresholds and the earlier years' monthly sums the forecast needs (earlier years are
    /// closed; the rest is the bureau's set-up, not the period's data), and how many rows the period holds now (the
    /// period's lock keeps that as it is). Outside the roll-up's transaction, so it holds no lock on rollup_rows that the
    /// partition swap would have to upgrade.
    /// </summary>
    private async Task<Context> ReadContextAsync(ReportingMonth period, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(RollupSql.Regions),
                new NpgsqlBatchCommand(RollupSql.Targets.Replace("@y", "$1", StringComparison.Ordinal)) { Parameters = { new NpgsqlParameter<int> { TypedValue = period.Year } } },
                new NpgsqlBatchCommand(RollupSql.Thresholds),
                new NpgsqlBatchCommand(RollupSql.History.Replace("@y", "$1", StringComparison.Ordinal)) { Parameters = { new NpgsqlParameter<int> { TypedValue = period.Year } } },
                new NpgsqlBatchCommand("select count(*) from rollup_rows where year = $1 and month = $2")
                {
                    Parameters = { new NpgsqlParameter<int> { TypedValue = period.Year }, new NpgsqlParameter<int> { TypedValue = period.Month } },
                },
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
        var history = new List<Figures.HistoryMonth>();
        while (await reader.ReadAsync(ct))
        {
            for (var month = 1; month <= 12; month++)
            {
                if (!reader.IsDBNull(month + 1))
                {
                    history.Add(new Figures.HistoryMonth(reader.GetString(0), reader.GetInt32(1), month, reader.GetDecimal(month + 1)));
                }
            }
        }
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        var storedRows = reader.GetInt64(0);
        return new Context(regions, new RegionSuccession(retirements), targets, thresholds, history, storedRows);
    }

    /// <summary>
    /// The fingerprints of the period's stored rows by key, read on a connection of its own, outside the roll-up's
    /// transaction, so it holds no lock on rollup_rows that the partition swap would have to upgrade (two periods swapping
    /// at once would deadlock on it). The period's lock keeps the rows as they are meanwhile.
    /// </summary>
    private async Task<Dictionary<(string, string, string, string), long?>> ReadStoredFingerprintsAsync(ReportingMonth period, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        await using var read = new NpgsqlCommand(
            "select region_code, mode_category, mode, scope, fingerprint from rollup_rows where year = @y and month = @m", connection);
        read.Parameters.Add(new NpgsqlParameter<int>("y", period.Year));
        read.Parameters.Add(new NpgsqlParameter<int>("m", period.Month));
        var stored = new Dictionary<(string, string, string, string), long?>();
        await using var reader = await read.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            stored[(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3))] =
                reader.IsDBNull(4) ? null : reader.GetInt64(4);
        }
        return stored;
    }

    /// <param name="Rebuild">Whether to build the period's partition afresh: no rows stored yet, or most of them stale.</param>
    /// <param name="Stale">Keys of stored rows that are gone or changed.</param>
    /// <param name="ToWrite">New and changed rows.</param>
    private sealed record RowChange(bool Rebuild, List<(string Region, string Category, string Mode, string Scope)> Stale, List<RollupRow> ToWrite);

    /// <summary>Compares the recomputed rows' fingerprints with the stored ones: unchanged rows stay where they are.</summary>
    private static RowChange Compare(Dictionary<(string, string, string, string), long?> stored, List<RollupRow> rows)
    {
        var toWrite = new List<RollupRow>();
        var kept = 0;
        foreach (var row in rows)
        {
            if (stored.TryGetValue(KeyOf(row), out var old) && old == row.Fingerprint)
            {
                kept++;
            }
            else
            {
                toWrite.Add(row);
            }
        }
        var stale = new List<(string, string, string, string)>(stored.Count - kept);
        if (stored.Count > kept)
        {
            var wanted = new Dictionary<(string, string, string, string), long?>(rows.Count);
            foreach (var row in rows)
            {
                wanted.Add(KeyOf(row), row.Fingerprint);
            }
            foreach (var (key, old) in stored)
            {
                if (!wanted.TryGetValue(key, out var fingerprint) || fingerprint != old)
                {
                    stale.Add(key);
                }
            }
        }
        // A fresh partition indexed once beats deleting and inserting row by row through the B-tree as soon as most rows
        // change; a first run always takes it.
        return new RowChange(stored.Count == 0 || stale.Count > rows.Count / 2, stale, toWrite);
    }

    /// <summary>Deletes the stale rows by key and copies the new and changed ones into the period's existing partition.</summary>
    private static async Task<int> WriteChangesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, ReportingMonth period, RowChange change, CancellationToken ct)
    {
        if (change.Stale.Count > 0)
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
            deleteStale.Parameters.Add(new NpgsqlParameter<string[]>("regions", change.Stale.Select(k => k.Region).ToArray()));
            deleteStale.Parameters.Add(new NpgsqlParameter<string[]>("categories", change.Stale.Select(k => k.Category).ToArray()));
            deleteStale.Parameters.Add(new NpgsqlParameter<string[]>("modes", change.Stale.Select(k => k.Mode).ToArray()));
            deleteStale.Parameters.Add(new NpgsqlParameter<string[]>("scopes", change.Stale.Select(k => k.Scope).ToArray()));
            await deleteStale.ExecuteNonQueryAsync(ct);
        }
        await CopyRowsAsync(connection, "rollup_rows", change.ToWrite, ct);
        return change.ToWrite.Count;
    }

    /// <summary>The period's rows, all of them, into a new table (<see cref="PartitionBuild"/>).</summary>
    private async Task<int> BuildPartitionAsync(ReportingMonth period, List<RollupRow> rows, CancellationToken ct)
    {
        await using var build = await PartitionBuild.StartAsync(database.ConnectionString, period, ct);
        build.Add(rows);
        return await build.CompleteAsync(ct);
    }

    /// <summary>
    /// Replaces the period's partition with the one just built. Dropping the old partition locks rollup_rows exclusively
    /// until the commit right after, so readers wait the few milliseconds of these catalogue changes and then see the
    /// whole new period, never part of it. The attach adopts the primary key PartitionBuild built instead of building it again, and
    /// the table's check on year and month spares it the scan that proves the rows belong to the period.
    /// </summary>
    private static async Task SwapPartitionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ReportingMonth period, CancellationToken ct)
    {
        var name = PartitionName(period);
        var next = PartitionBuild.TableName(period);
        var (toYear, toMonth) = period.Month == 12 ? (period.Year, 13) : (period.Year, period.Month + 1);
        await ExecuteAsync(connection, transaction, $"""
            drop table if exists {name};
            alter table {next} rename to {name};
            alter index {next}_pkey rename to {name}_pkey;
            alter table rollup_rows attach partition {name} for values from ({period.Year}, {period.Month}) to ({toYear}, {toMonth});
            alter table {name} reset (autovacuum_enabled);
            """, ct);
    }

    internal static string PartitionName(ReportingMonth period) =>
        string.Create(CultureInfo.InvariantCulture, $"rollup_rows_y{period.Year}m{period.Month:D2}");

    private static (string, string, string, string) KeyOf(RollupRow r) => (r.RegionCode, r.ModeCategory, r.Mode, r.Scope);

    private static async Task CopyRowsAsync(NpgsqlConnection connection, string table, List<RollupRow> rows, CancellationToken ct)
    {
        await using var copy = await RollupRowsCopy.BeginAsync(connection, table, freeze: false, ct);
        foreach (var row in rows)
        {
            await RollupRowsCopy.WriteAsync(copy, row, ct);
        }
        await copy.CompleteAsync(ct);
    }

    private static async Task CopyFindingsAsync(NpgsqlConnection connection, List<DataQualityFinding> findings, CancellationToken ct)
    {
        await using var copy = await BinaryCopyWriter.BeginAsync(connection,
            "copy data_quality_findings (year, month, kind, region_code, project_id, section_id, message, message_zh) from stdin (format binary)", ct);
        foreach (var f in findings)
        {
            await copy.StartRowAsync(8, ct);
            copy.Int(f.Year);
            copy.Int(f.Month);
            copy.Text(f.Kind);
            copy.Text(f.RegionCode);
            copy.Long(f.ProjectId);
            copy.Long(f.SectionId);
            copy.Text(f.Message);
            copy.Text(f.MessageZh);
        }
        await copy.CompleteAsync(ct);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(ct);
    }
}
