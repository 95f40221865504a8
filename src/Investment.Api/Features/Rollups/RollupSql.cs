using System.Globalization;

namespace Investment.Api.Features.Rollups;

/// <summary>
/// The roll-up's one heavy statement. It reads each section's approved figures of years Y−1 and Y from
/// section_year_figures (one row per section and year, kept exact by triggers on monthly_reports: 0017), and answers
/// two kinds of rows: row_kind 0 — figures per county × mode × scope ('all' counts each section once; a project in
/// several scopes counts in each) — and row_kind 1 — sections with something for the data-quality checks (missing
/// or unapproved months, progress going down, money in mode 'other', reports without a plan or dated before the works
/// started). Parameters: @y, @m.
/// </summary>
internal static class RollupSql
{
    public static string Aggregation(int month)
    {
        // Which of months 1..M the section owes: the domain's rule, stated once (ExpectedToReport), asked of each month.
        var expectedMonths = string.Join("\n                           | ", Enumerable.Range(1, month).Select(k =>
            $"(case when {ExpectedToReport($"make_date(@y, {k}, 1)")} then {1 << (k - 1)} else 0 end)"));
        var throughMonth = (1 << month) - 1;

        // Open (unapproved) reports of month M come from their own small partial index (uq_monthly_reports_open).
        return $"""
            with figures as (
                -- One row per section and year (section_year_figures, kept by triggers on monthly_reports) instead of
                -- every report: at national scale 180,000 rows instead of 2.16 million.
                select coalesce(c.section_id, p.section_id) as section_id,
                       c.ytd[@m] as ytd,
                       c.actuals[@m] as month_actual,
                       p.ytd[@m] as previous_ytd,
                       nullif(c.approved_months & {throughMonth}, 0) as approved_months,
                       (c.backwards_months & {throughMonth}) <> 0 as backwards,
                       c.progress[1:@m] as progress
                from (select * from section_year_figures where year = @y) c
                full join (select * from section_year_figures where year = @y - 1) p on p.section_id = c.section_id
            ),
            open_reports as (
                select o.section_id, min(o.status) as open_status
                from monthly_reports o
                where o.status in ('draft', 'submitted', 'returned') and o.year = @y and o.month = @m
                group by o.section_id
            ),
            base as materialized (
                select s.id as section_id, s.region_code, s.project_id, p.code as project_code, p.mode,
                       ap.planned_investment as plan,
                       {PlannedToDate} as planned_to_date,
                       -- A plan without a profile: the group's plans then say nothing of the year's shape (the forecast).
                       (ap.planned_investment > 0 and ap.monthly_profile is null) as linear_plan,
                       coalesce(f.ytd, 0) as ytd,
                       coalesce(f.month_actual, 0) as month_actual,
                       coalesce(f.previous_ytd, 0) as previous_ytd,
                       -- A section counts in the period when it has a plan for Y or an approved figure in either window.
                       (ap.planned_investment is not null or f.approved_months is not null or f.previous_ytd is not null) as counted,
                       -- Months owed, plan or no plan; minus those approved, minus M itself when it has an open
                       -- revision (that one is reported as unapproved instead).
                       ({expectedMonths})
                           & (~coalesce(f.approved_months, 0))
                           & (~(case when o.open_status is not null then 1 << (@m - 1) else 0 end)) as missing_months,
                       (ap.planned_investment is null and (f.approved_months is not null or o.open_status is not null)) as no_plan,
                       -- Reported months (approved, or M while open) before the month of the actual start.
                       (coalesce(f.approved_months, 0) | (case when o.open_status is not null then 1 << (@m - 1) else 0 end))
                           & (case when st.actual_on is null or st.actual_on < make_date(@y, 1, 1) then 0
                                   when st.actual_on >= make_date(@y + 1, 1, 1) then 4095
                                   else (1 << (extract(month from st.actual_on)::int - 1)) - 1 end) as before_start_months,
                       st.actual_on as started_on,
                       (o.open_status is not null and (coalesce(f.approved_months, 0) & (1 << (@m - 1))) = 0) as unapproved,
                       o.open_status,
                       coalesce(f.backwards, false) as backwards,
                       f.progress
                from sections s
                join projects p on p.id = s.project_id
                left join annual_plans ap on ap.section_id = s.id and ap.year = @y
                left join figures f on f.section_id = s.id
                left join open_reports o on o.section_id = s.id
                left join milestones ca on ca.project_id = p.id and ca.kind = 'completion_acceptance'
                left join milestones st on st.project_id = p.id and st.kind = 'start'
            )
            select 0 as row_kind, b.region_code::text, b.mode::text, 'all'::text as scope, count(*)::int as section_count,
                   coalesce(sum(b.plan), 0) as plan, sum(b.planned_to_date) as planned_to_date, sum(b.month_actual) as month_actual,
                   sum(b.ytd) as ytd, sum(b.previous_ytd) as previous_ytd,
                   null::bigint as section_id, null::bigint as project_id, null::text as project_code, null::int as missing_months,
                   null::text as open_status, null::numeric[] as progress, null::boolean as no_plan,
                   null::int as before_start_months, null::date as started_on,
                   count(*) filter (where b.linear_plan)::int as linear_plans
            from base b
            where b.counted
            group by b.region_code, b.mode
            union all
            select 0, b.region_code, b.mode, ps.scope, count(*)::int,
                   coalesce(sum(b.plan), 0), sum(b.planned_to_date), sum(b.month_actual), sum(b.ytd), sum(b.previous_ytd),
                   null, null, null, null, null, null, null, null, null, count(*) filter (where b.linear_plan)::int
            from base b
            join project_scopes ps on ps.project_id = b.project_id
            where b.counted
            group by b.region_code, b.mode, ps.scope
            union all
            select 1, b.region_code, b.mode, null, 0, null, null, null, b.ytd, null,
                   b.section_id, b.project_id, b.project_code, b.missing_months,
                   case when b.unapproved then b.open_status end,
                   case when b.backwards then b.progress end,
                   b.no_plan, b.before_start_months, b.started_on, null
            from base b
            where b.missing_months <> 0 or b.unapproved or b.backwards or (b.mode = 'other' and b.ytd <> 0) or b.no_plan
                  or b.before_start_months <> 0
            """;
    }

    /// <summary>
    /// Approved actuals of the three years before @y by the sections' region and month: the history the forecast's
    /// seasonality is made of (<see cref="Figures.Forecasts.Rhythms"/>). Small groups (counties × 36), one pass.
    /// </summary>
    public static readonly string History = $"""
        select s.region_code::text, f.year, m.month::int, sum(m.amount)
        from section_year_figures f
        join sections s on s.id = f.section_id
        cross join unnest(f.actuals) with ordinality as m(amount, month)
        where f.year between @y - {Domain.Forecasting.ForecastBacktest.HistoryYears} and @y - 1 and m.amount is not null
        group by s.region_code, f.year, m.month
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
    /// <see cref="Domain.Reporting.ExpectedToReport"/> in SQL: whether the section <c>s</c> of project <c>p</c> owes the
    /// report of the month that starts on <paramref name="firstDay"/> (an SQL date expression); <c>ca</c> is the
    /// project's completion_acceptance milestone, left-joined. active_from is always a month's first day
    /// (ck_sections_active_from). <c>ExpectedToReportSqlTests</c> pins this to the domain rule and to the API's query.
    /// </summary>
    internal static string ExpectedToReport(string firstDay) =>
        $"(p.status = 'active' and s.active_from <= {firstDay} and not coalesce(ca.actual_on < {firstDay}, false))";

    /// <summary>
    /// Projects with a total whose sections' apportioned shares do not account for it: more than the total, or — when
    /// every section has a share, so nothing is still to be apportioned — less.
    /// </summary>
    public const string SharesOffTotal = """
        select p.id, p.code, p.region_code, p.total_investment, sum(s.apportioned_investment) as shares
        from projects p
        join sections s on s.project_id = p.id
        where p.total_investment is not null
        group by p.id, p.code, p.region_code, p.total_investment
        having sum(s.apportioned_investment) > p.total_investment
            or (count(s.apportioned_investment) = count(*) and sum(s.apportioned_investment) < p.total_investment)
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
            constraint ck_rollup_rows_lag_status check (lag_status in ('green', 'yellow', 'red')),
            constraint ck_rollup_rows_forecast_basis check (forecast_basis in ('reported', 'planProfile', 'seasonal', 'linear')),
            constraint ck_rollup_rows_period check (year = {year} and month = {month})
        )
        """);

    public const string Regions = "select code, level, parent_code, successor_code, retired_from from regions";

    public const string Targets = "select region_code, scope, task from region_targets where year = @y";

    public const string Thresholds = "select yellow_below, red_below from lag_thresholds where id = 1";
}
