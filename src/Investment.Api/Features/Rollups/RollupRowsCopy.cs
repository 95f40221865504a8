using Investment.Api.Data;
using Npgsql;
using NpgsqlTypes;

namespace Investment.Api.Features.Rollups;

/// <summary>Binary COPY of roll-up rows, every column, into rollup_rows or a table shaped like its partitions.</summary>
internal static class RollupRowsCopy
{
    private const string Columns = """
        year, month, region_code, mode_category, mode, scope, region_level, parent_code, section_count,
        plan, planned_to_date, month_actual, ytd_actual, previous_ytd, task, yoy_growth, completion_rate,
        time_elapsed_progress, lag, lag_status, rank_by_ytd, rank_by_completion, rank_by_yoy,
        year_end_forecast, forecast_low, forecast_high, forecast_basis, fingerprint
        """;

    public static Task<NpgsqlBinaryImporter> BeginAsync(NpgsqlConnection connection, string table, bool freeze, CancellationToken ct) =>
        connection.BeginBinaryImportAsync($"copy {table} ({Columns}) from stdin (format binary{(freeze ? ", freeze" : "")})", ct);

    // Written with the synchronous Write: 28 columns × a national roll-up's rows is millions of calls, and the importer
    // buffers them; only a full buffer touches the socket. The awaited StartRow flushes it asynchronously.
    public static async ValueTask WriteAsync(NpgsqlBinaryImporter copy, RollupRow r, CancellationToken ct)
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
        Write(copy, r.YearEndForecast, NpgsqlDbType.Numeric);
        Write(copy, r.ForecastLow, NpgsqlDbType.Numeric);
        Write(copy, r.ForecastHigh, NpgsqlDbType.Numeric);
        Write(copy, r.ForecastBasis, NpgsqlDbType.Varchar);
        Write(copy, r.Fingerprint, NpgsqlDbType.Bigint);
    }

    internal static void Write<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type) where T : class
    {
        if (value is null) copy.WriteNull();
        else copy.Write(value, type);
    }

    internal static void Write<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type) where T : struct
    {
        if (value is { } v) copy.Write(v, type);
        else copy.WriteNull();
    }
}
