using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace Investment.Api.Data;

/// <summary>
/// Loads the human-edited CSV files of seed-data/ in foreign-key order, in one transaction. Every insert is keyed
/// on a natural key and skips rows that already exist, so loading twice changes nothing and never overwrites what
/// users have edited since.
/// </summary>
public sealed class SeedDataLoader(ILogger<SeedDataLoader> logger)
{
    public static string ResolveDirectory(string? configured, string contentRoot)
    {
        if (configured is { Length: > 0 })
        {
            return Path.GetFullPath(configured, contentRoot);
        }
        var root = RepositoryRoot.Find(contentRoot);
        var candidates = new[] { root is null ? null : Path.Combine(root, "seed-data"), Path.Combine(AppContext.BaseDirectory, "seed-data") };
        return candidates.FirstOrDefault(c => c is not null && Directory.Exists(c))
            ?? throw new DirectoryNotFoundException("No seed-data folder found; set Database:SeedDirectory.");
    }

    public async Task<IReadOnlyDictionary<string, int>> LoadAsync(string connectionString, string directory, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // The audit trail records these rows as the seed's (migrations/0004, audit_row).
        await using (var actor = new NpgsqlCommand("select set_config('investment.actor', 'system:seed', true)", connection, tx))
        {
            await actor.ExecuteNonQueryAsync(ct);
        }
        var context = new SeedContext(connection, tx, directory);
        var inserted = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (file, load) in Steps)
        {
            var path = Path.Combine(directory, file);
            if (!File.Exists(path))
            {
                continue;
            }
            context.CurrentFile = file;
            var rows = CsvReader.ReadFile(path);
            inserted[file] = await load(context, rows, ct);
        }
        await tx.CommitAsync(ct);
        logger.LogInformation("Seed data from {Directory}: {Inserted}", directory,
            string.Join(", ", inserted.Select(kv => $"{kv.Key} +{kv.Value}")));
        return inserted;
    }

    private delegate Task<int> LoadStep(SeedContext context, IReadOnlyList<CsvReader.CsvRow> rows, CancellationToken ct);

    private static readonly (string File, LoadStep Load)[] Steps =
    [
        ("regions.csv", LoadRegionsAsync),
        ("projects.csv", LoadProjectsAsync),
        ("project_scopes.csv", LoadProjectScopesAsync),
        ("sections.csv", LoadSectionsAsync),
        ("milestones.csv", LoadMilestonesAsync),
        ("annual_plans.csv", LoadAnnualPlansAsync),
        ("region_targets.csv", LoadRegionTargetsAsync),
        ("monthly_reports.csv", LoadMonthlyReportsAsync),
        ("land_issues.csv", LoadLandIssuesAsync),
        ("quantity_targets.csv", LoadQuantityTargetsAsync),
        ("quantity_progress.csv", LoadQuantityProgressAsync),
        ("funding_sources.csv", LoadFundingSourcesAsync),
    ];

    private static async Task<int> LoadRegionsAsync(SeedContext s, IReadOnlyList<CsvReader.CsvRow> rows, CancellationToken ct)
    {
        var count = 0;
        foreach (var row in rows)
        {
            count += await s.ExecuteAsync(
                "insert into regions (code, name, level, parent_code) values ($1, $2, $3, $4) on conflict (code) do nothing",
                row, ct, s.Text(row, "code"), s.Text(row, "name"), s.Text(row, "level"), s.OptionalText(row, "parent_code"));
        }
        return count;
    }

    private static async Task<int> LoadProjectsAsync(SeedContext s, IReadOnlyList<CsvReader.CsvRow> rows, CancellationToken ct)
    {
        var count = 0;
        foreach (var row in rows)
        {
            count += await s.ExecuteAsync("""
                insert into projects (code, name, route_code, mode, total_investment, length_km, owner, region_code)
                values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (code) do nothing
                """, row, ct,
                s.Text(row, "code"), s.Text(row, "name"), s.OptionalText(row, "route_code"), s.Text(row, "mode"),
                s.OptionalDecimal(row, "total_investment"), s.OptionalDecimal(row, "length_km"),
                s.OptionalText(row, "owner"), s.Text(row, "region_code"));
        }
        return count;
    }

    private static async Task<int> LoadProjectScopesAsync(SeedContext s, IReadOnlyList<CsvReader.CsvRow> rows, CancellationToken ct)
    {
        var count = 0;
        foreach (var row in rows)
        {
            var projectId = await s.ProjectIdAsync(row, ct);
            count += await s.ExecuteAsync(
                "insert into project_scopes (project_id, scope) values ($1, $2) on conflict do nothing",
                row, ct, projectId, s.Text(row, "scope"));
        }
        return count;
    }

    private static async Task<int> LoadSectionsAsync(SeedContext s, IReadOnlyList<CsvReader.CsvRow> rows, CancellationToken ct)
    {
        var count = 0;
        foreach (var row in rows)
        {
            var projectId = await s.ProjectIdAsync(row, ct);
            count += await s.ExecuteAsync("""
                insert into sections (project_id, region_code, name, apportioned_investment, active_from)
                values ($1, $2, $3, $4, coalesce($5, date_trunc('month', current_date)::date))
                on conflict (project_id, region_code) do nothing
                """, row, ct, projectId, s.Text(row, "region_code"), s.Text(row, "name"),
                s.OptionalDecimal(row, "apportioned_investment"), s.OptionalDate(row, "active_from"));
        }
        return count;
    }

    private static async Task<int> LoadMilestonesAsync(SeedContext s, IReadOnlyList<CsvReader.CsvRow> rows, CancellationToken ct)
    {
        var count = 0;
        foreach (var row in rows)
        {
            var projectId = await s.ProjectIdAsync(row, ct);
            count += await s.ExecuteAsync(
                "insert into milestones (project_id, kind, planned_on, actual_on) values ($1, $2, $3, $4) on conflict do nothing",
                row, ct, projectId, s.Text(row, "kind"), s.OptionalDate(row, "planned_on"), s.OptionalDate(row, "actual_on"));
        }
        return count;
    }

    private static async Task<int> LoadAnnualPlansAsync(SeedContext s, IReadOnlyList<CsvReader.CsvRow> rows, CancellationToken ct)
    {
        var count = 0;
        foreach (var row in rows)
        {
            var sectionId = await s.SectionIdAsync(row, ct);
            count += await s.ExecuteAsync("""
                insert into annual_plans (section_id, year, planned_investment, target_physical_progress, monthly_profile)
                values ($1, $2, $3, $4, $5) on conflict do nothing
                """, row, ct, sectionId, s.Int(row, "year"), s.Decimal(row, "planned_investment"),
                s.OptionalDecimal(row, "target_physical_progress"), s.OptionalDecimalList(row, "monthly_profile"));
        }
        return count;
    }

    private static async Task<int> LoadRegionTargetsAsync(SeedContext s, IReadOnlyList<CsvReader.CsvRow> rows, CancellationToken ct)
    {
        var count = 0;
        foreach (var row in rows)
        {
            count += await s.ExecuteAsync("""
                insert into region_targets (region_code, scope, year, task, growth_target) values ($1, $2, $3, $4, $5)
                on conflict do nothing
                """, row, ct, s.Text(row, "region_code"), s.Text(row, "scope"), s.Int(row, "year"),
                s.Decimal(row, "task"), s.OptionalDecimal(row, "growth_target"));
        }
        return count;
    }

    /// <summary>Seed reports are history: each is loaded as the approved first revision of its month.</summary>
    private static async Task<int> LoadMonthlyReportsAsync(SeedContext s, IReadOnlyList<CsvReader.CsvRow> rows, CancellationToken ct)
    {
        var count = 0;
        foreach (var row in rows)
        {
            var sectionId = await s.SectionIdAsync(row, ct);
            var period = s.Text(row, "period");
            if (!Domain.ReportingMonth.TryParse(period, out var month))
            {
                throw s.Error(row, $"period '{period}' is not yyyy-MM");
            }
            count += await s.ExecuteAsync("""
                insert into monthly_reports (section_id, year, month, revision, status, month_actual, physical_progress,
                                             narrative, problems, created_by, submitted_at, submitted_by, decided_at, decided_by)
                values ($1, $2, $3, 1, 'approved', $4, $5, $6, $7, 'seed', now(), 'seed', now(), 'seed')
                on conflict (section_id, year, month, revision) do nothing
                """, row, ct, sectionId, month.Year, month.Month, s.Decimal(row, "month_actual"),
                s.OptionalDecimal(row, "physical_progress"), s.OptionalText(row, "narrative"), s.OptionalText(row, "problems"));
        }
        return count;
    }

    private static async Task<int> LoadLandIssuesAsync(SeedContext s, IReadOnlyList<CsvReader.CsvRow> rows, CancellationToken ct)
    {
        var count = 0;
        foreach (var row in rows)
        {
            var sectionId = await s.SectionIdAsync(row, ct);
            count += await s.ExecuteAsync("""
                insert into land_issues (section_id, reference, town, kind, description, identified_on, due_on, resolved_on, responsible_unit)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                on conflict (section_id, reference) do nothing
                """, row, ct, sectionId, s.Text(row, "reference"), s.OptionalText(row, "town"), s.Text(row, "kind"),
                s.Text(row, "description"), s.OptionalDate(row, "identified_on") ?? throw s.Error(row, "identified_on is required"),
                s.OptionalDate(row, "due_on"), s.OptionalDate(row, "resolved_on"), s.OptionalText(row, "responsible_unit"));
        }
        return count;
    }

    private static async Task<int> LoadQuantityTargetsAsync(SeedContext s, IReadOnlyList<CsvReader.CsvRow> rows, CancellationToken ct)
    {
        var count = 0;
        foreach (var row in rows)
        {
            var projectId = await s.ProjectIdAsync(row, ct);
            count += await s.ExecuteAsync("""
                insert into quantity_targets (project_id, year, kind, town, target) values ($1, $2, $3, $4, $5)
                on conflict (project_id, year, kind, town) do nothing
                """, row, ct, projectId, s.Int(row, "year"), s.Text(row, "kind"), s.OptionalText(row, "town") ?? "",
                s.Decimal(row, "target"));
        }
        return count;
    }

    private static async Task<int> LoadQuantityProgressAsync(SeedContext s, IReadOnlyList<CsvReader.CsvRow> rows, CancellationToken ct)
    {
        var count = 0;
        foreach (var row in rows)
        {
            var projectId = await s.ProjectIdAsync(row, ct);
            count += await s.ExecuteAsync("""
                insert into quantity_progress (target_id, month, completed)
                select t.id, $5, $6 from quantity_targets t
                where t.project_id = $1 and t.year = $2 and t.kind = $3 and t.town = $4
                on conflict (target_id, month) do nothing
                """, row, ct, projectId, s.Int(row, "year"), s.Text(row, "kind"), s.OptionalText(row, "town") ?? "",
                s.Int(row, "month"), s.Decimal(row, "completed"));
        }
        return count;
    }

    /// <summary>Funding rows have no natural key, so a row counts as present when every field matches.</summary>
    private static async Task<int> LoadFundingSourcesAsync(SeedContext s, IReadOnlyList<CsvReader.CsvRow> rows, CancellationToken ct)
    {
        var count = 0;
        foreach (var row in rows)
        {
            var projectId = await s.ProjectIdAsync(row, ct);
            long? sectionId = s.OptionalText(row, "region_code") is null ? null : await s.SectionIdAsync(row, ct);
            count += await s.ExecuteAsync("""
                insert into funding_sources (project_id, section_id, year, level, kind, committed, received, note)
                select $1, $2, $3, $4, $5, $6, $7, $8
                where not exists (select 1 from funding_sources f where f.project_id = $1 and f.section_id is not distinct from $2
                    and f.year is not distinct from $3 and f.level = $4 and f.kind = $5 and f.committed = $6)
                """, row, ct, projectId, sectionId, s.OptionalInt(row, "year"), s.Text(row, "level"), s.Text(row, "kind"),
                s.Decimal(row, "committed"), s.OptionalDecimal(row, "received") ?? 0m, s.OptionalText(row, "note"));
        }
        return count;
    }

    /// <summary>Per-load state: the open transaction, code → id caches, and field parsing that names file and line on error.</summary>
    private sealed class SeedContext(NpgsqlConnection connection, NpgsqlTransaction transaction, string directory)
    {
        private readonly Dictionary<string, long> _projectIds = new(StringComparer.Ordinal);
        private readonly Dictionary<(long, string), long> _sectionIds = [];

        public string CurrentFile { get; set; } = "";

        public async Task<int> ExecuteAsync(string sql, CsvReader.CsvRow row, CancellationToken ct, params object?[] values)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            foreach (var value in values)
            {
                command.Parameters.Add(value switch
                {
                    null => new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Unknown },
                    _ => new NpgsqlParameter { Value = value },
                });
            }
            try
            {
                return await command.ExecuteNonQueryAsync(ct);
            }
            catch (PostgresException e)
            {
                throw new InvalidDataException($"Seed file {Path.Combine(directory, CurrentFile)} line {row.LineNumber}: {e.MessageText}", e);
            }
        }

        public async Task<long> ProjectIdAsync(CsvReader.CsvRow row, CancellationToken ct)
        {
            var code = Text(row, "project_code");
            if (!_projectIds.TryGetValue(code, out var id))
            {
                await using var command = new NpgsqlCommand("select id from projects where code = $1", connection, transaction);
                command.Parameters.AddWithValue(code);
                id = (long?)await command.ExecuteScalarAsync(ct)
                    ?? throw Error(row, $"unknown project_code '{code}'");
                _projectIds[code] = id;
            }
            return id;
        }

        public async Task<long> SectionIdAsync(CsvReader.CsvRow row, CancellationToken ct)
        {
            var projectId = await ProjectIdAsync(row, ct);
            var region = Text(row, "region_code");
            if (!_sectionIds.TryGetValue((projectId, region), out var id))
            {
                await using var command = new NpgsqlCommand(
                    "select id from sections where project_id = $1 and region_code = $2", connection, transaction);
                command.Parameters.AddWithValue(projectId);
                command.Parameters.AddWithValue(region);
                id = (long?)await command.ExecuteScalarAsync(ct)
                    ?? throw Error(row, $"no section of project '{row["project_code"]}' in region '{region}'");
                _sectionIds[(projectId, region)] = id;
            }
            return id;
        }

        public string Text(CsvReader.CsvRow row, string column) =>
            row[column] ?? throw Error(row, $"column '{column}' is required");

        public string? OptionalText(CsvReader.CsvRow row, string column) => row[column];

        public int Int(CsvReader.CsvRow row, string column) =>
            int.TryParse(Text(row, column), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
                ? v : throw Error(row, $"column '{column}' is not an integer");

        public int? OptionalInt(CsvReader.CsvRow row, string column) => row[column] is null ? null : Int(row, column);

        /// <summary>Twelve amounts separated by ';' (a monthly plan profile).</summary>
        public decimal[]? OptionalDecimalList(CsvReader.CsvRow row, string column) =>
            row[column] is not { } text ? null
            : text.Split(';').Select(part => decimal.TryParse(part, NumberStyles.Number, CultureInfo.InvariantCulture, out var v)
                ? v : throw Error(row, $"column '{column}' holds '{part}', not a number")).ToArray();

        public decimal Decimal(CsvReader.CsvRow row, string column) =>
            OptionalDecimal(row, column) ?? throw Error(row, $"column '{column}' is required");

        public decimal? OptionalDecimal(CsvReader.CsvRow row, string column) =>
            row[column] is not { } text ? null
            : decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v
            : throw Error(row, $"column '{column}' is not a number: '{text}'");

        public DateOnly? OptionalDate(CsvReader.CsvRow row, string column) =>
            row[column] is not { } text ? null
            : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var v) ? v
            : throw Error(row, $"column '{column}' is not a yyyy-MM-dd date: '{text}'");

        public InvalidDataException Error(CsvReader.CsvRow row, string message) =>
            new($"Seed file {Path.Combine(directory, CurrentFile)} line {row.LineNumber}: {message}.");
    }
}
