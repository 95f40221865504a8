using System.Globalization;

namespace Investment.Api.Features.Rollups;

/// <summary>
/// The roll-up's statements. The heavy one, <see cref="Sections"/>, answers one row per section: its approved figures of
/// years Y−1 and Y from section_year_figures (one row per section and year, kept exact by triggers on monthly_reports:
/// 0017), its plan, its project and the dates the data-quality checks need. Summing and the checks are the roll-up's C#
/// (<see cref="RollupAssembler"/>), done while the rows stream in: at national scale the two hash aggregates this
/// statement used to end with cost more than the join itself; so did summing the sections' apportioned shares by project
/// (<see cref="ProjectShareTally"/>). Parameters: @y, @m.
/// </summary>
internal static class RollupSql
{
    // Open (unapproved) reports of month M come from their own small partial index (uq_monthly_reports_open).
    public static readonly string Sections = $"""
        -- roll-up: the period's sections
        select s.id, s.region_code::text, s.project_id, p.code::text, p.mode::text, p.status = 'archived' as archived,
               s.active_from, ca.actual_on as accepted_on, st.actual_on as started_on,
               ap.planned_investment as plan,
               {PlannedToDate} as planned_to_date,
               -- A plan without a profile: the group's plans then say nothing of the year's shape (the forecast).
               coalesce(ap.planned_investment > 0 and ap.monthly_profile is null, false) as linear_plan,
               c.ytd[@m] as ytd, c.actuals[@m] as month_actual,
               coalesce(c.approved_months, 0) as approved_months, coalesce(c.backwards_months, 0) as backwards_months,
               -- Only where it went backwards through month M: the findings quote it.
               case when c.backwards_months & ((1 << @m) - 1) <> 0 then c.progress[1:@m] end as progress,
               py.ytd[@m] as previous_ytd,
               o.open_status,
               p.region_code::text as project_region, p.total_investment, s.apportioned_investment
        from sections s
        join projects p on p.id = s.project_id
        left join annual_plans ap on ap.section_id = s.id and ap.year = @y
        left join section_year_figures c on c.section_id = s.id and c.year = @y
        left join section_year_figures py on py.section_id = s.id and py.year = @y - 1
        left join (select o.section_id, min(o.status) as open_status
                   from monthly_reports o
                   where o.status in ('draft', 'submitted', 'returned') and o.year = @y and o.month = @m
                   group by o.section_id) o on o.section_id = s.id
        left join milestones ca on ca.project_id = p.id and ca.kind = 'completion_acceptance'
        left join milestones st on st.project_id = p.id and st.kind = 'start'
        """;

    /// <summary>Every project's scopes (口径): a section counts in the 'all' scope once and in each of these.</summary>
    public const string ProjectScopes = "select project_id, scope::text from project_scopes";

    /// <summary>
    /// Approved actuals of the three years before @y by the sections' region and month: the history the forecast's
    /// seasonality is made of (<see cref="Figures.Forecasts.Rhythms"/>): one row per region and year, months 1–12 side
    /// by side (null where no section had an approved month), summed from the rows' arrays in one pass.
    /// </summary>
    public static readonly string History = $"""
        select s.region_code::text, f.year,
               {string.Join(", ", Enumerable.Range(1, 12).Select(m => $"sum(f.actuals[{m}])"))}
        from section_year_figures f
        join sections s on s.id = f.section_id
        where f.year between @y - {Domain.Forecasting.ForecastBacktest.HistoryYears} and @y - 1
        group by s.region_code, f.year
        """;

    /// <summary>
    /// A section's plan through month @m (万元, 4 decimals): the plan × the share of its monthly profile up to @m, or
    /// plan × @m / 12 without a profile; 0 without a plan. Over <c>ap</c>, an annual_plans row of year @y. The benchmark's
    /// bare SQL computes the same figure with this same expression.
    /// </summary>
    private const string PlannedToDate = """
        case when ap.planned_investment is null then 0
             when ap.monthly_profile is null then round(ap.planned_investment * @m / 12, 4)
             else coalesce((select round(ap.planned_investment * sum(u.x) filter (where u.i <= @m) / nullif(sum(u.x), 0), 4)
                            from unnest(ap.monthly_profile) with ordinality as u(x, i)), 0)
        end
        """;

    /// <summary>
    /// A table shaped exactly like a partition of rollup_rows (0013_partition_rollup_rows.sql: the attach refuses any
    /// other shape), with no index yet, and a check that its rows are of period <paramref name="year"/>-<paramref name="month"/>.
    /// Spelt out rather than <c>like rollup_rows</c>: that would hold a lock on rollup_rows until the commit, which the
    /// swap then upgrades, and two periods swapping at once would deadlock on the upgrade.
    /// </summary>
    public static string CreatePartitionTable(string name, int year, int month) => string.Create(CultureInfo.InvariantCulture, $"""
        create table {name} (
            year                  integer       not null,
            month                 integer       not null,
            region_code           varchar(6)    not null,
            mode_category         varchar(16)   not null,
            mode                  varchar(32)   not null,
            scope                 varchar(32)   not null,
            region_level          varchar(16)   not null,
            parent_code           varchar(6)    null,
            section_count         integer       not null,
            plan                  numeric(18,4) not null,
            planned_to_date       numeric(18,4) not null,
            month_actual          numeric(18,4) not null,
            ytd_actual            numeric(18,4) not null,
            previous_ytd          numeric(18,4) not null,
            task                  numeric(18,4) null,
            yoy_growth            numeric(12,6) null,
            completion_rate       numeric(12,6) null,
            time_elapsed_progress numeric(12,6) null,
            lag                   numeric(12,6) null,
            lag_status            varchar(8)    null,
            rank_by_ytd           integer       null,
            rank_by_completion    integer       null,
            rank_by_yoy           integer       null,
            year_end_forecast     numeric(18,4) null,
            forecast_low          numeric(18,4) null,
            forecast_high         numeric(18,4) null,
            forecast_basis        varchar(16)   null,
            fingerprint           bigint        null,
            constraint ck_rollup_rows_lag_status check (lag_status in ('green', 'yellow', 'red')),
            constraint ck_rollup_rows_forecast_basis check (forecast_basis in ('reported', 'planProfile', 'seasonal', 'linear')),
            constraint ck_rollup_rows_period check (year = {year} and month = {month})
        )
        """);

    public const string Regions = "select code, level, parent_code, successor_code, retired_from from regions";

    public const string Targets = "select region_code, scope, task from region_targets where year = @y";

    public const string Thresholds = "select yellow_below, red_below from lag_thresholds where id = 1";
}
