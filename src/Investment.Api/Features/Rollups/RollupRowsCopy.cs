using Investment.Api.Data;
using Npgsql;

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

    public static Task<BinaryCopyWriter> BeginAsync(NpgsqlConnection connection, string table, bool freeze, CancellationToken ct) =>
        BinaryCopyWriter.BeginAsync(connection, $"copy {table} ({Columns}) from stdin (format binary{(freeze ? ", freeze" : "")})", ct);

    public static async ValueTask WriteAsync(BinaryCopyWriter copy, RollupRow r, CancellationToken ct)
    {
        await copy.StartRowAsync(28, ct);
        copy.Int(r.Year);
        copy.Int(r.Month);
        copy.Text(r.RegionCode);
        copy.Text(r.ModeCategory);
        copy.Text(r.Mode);
        copy.Text(r.Scope);
        copy.Text(r.RegionLevel);
        copy.Text(r.ParentCode);
        copy.Int(r.SectionCount);
        copy.Numeric(r.Plan);
        copy.Numeric(r.PlannedToDate);
        copy.Numeric(r.MonthActual);
        copy.Numeric(r.YtdActual);
        copy.Numeric(r.PreviousYtd);
        copy.Numeric(r.Task);
        copy.Numeric(r.YoyGrowth);
        copy.Numeric(r.CompletionRate);
        copy.Numeric(r.TimeElapsedProgress);
        copy.Numeric(r.Lag);
        copy.Text(r.LagStatus);
        copy.Int(r.RankByYtd);
        copy.Int(r.RankByCompletion);
        copy.Int(r.RankByYoy);
        copy.Numeric(r.YearEndForecast);
        copy.Numeric(r.ForecastLow);
        copy.Numeric(r.ForecastHigh);
        copy.Text(r.ForecastBasis);
        copy.Long(r.Fingerprint);
    }
}
