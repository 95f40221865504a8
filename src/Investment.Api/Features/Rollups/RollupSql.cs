using System.Globalization;
using System.Text;

namespace Investment.Api.Features.Rollups;

/// <summary>
/// The roll-up's one heavy statement. It reads monthly_reports once (year Y−1 and Y, months 1..M), sums per section,
/// and answers two kinds of rows: row_kind 0 — figures per county × mode × scope ('all' counts each section once; a
/// project in several scopes counts in each) — and row_kind 1 — sections with something for the data-quality checks
/// (missing or unapproved months, progress going down, money in mode 'other'). Parameters: @y, @m.
/// </summary>
internal static class RollupSql
{
    public static string Aggregation(int month)
    {
        var progress = new StringBuilder();
        var backwards = new StringBuilder();
        for (var k = 1; k <= month; k++)
        {
            progress.Append(CultureInfo.InvariantCulture,
                $",\n           max(r.physical_progress) filter (where r.year = @y and r.month = {k} and r.status = 'approved') as p{k}");
            if (k > 1)
            {
                // Below the latest earlier month that has a value: coalesce stops at the first one, so this stays linear.
                var earlier = string.Join(", ", Enumerable.Range(1, k - 1).Reverse().Select(i => $"f.p{i}"));
                backwards.Append(CultureInfo.InvariantCulture, $" or f.p{k} < coalesce({earlier})");
            }
        }
        var progressColumns = string.Join(", ", Enumerable.Range(1, month).Select(i => $"f.p{i}"));
        var progressArray = string.Join(", ", Enumerable.Range(1, month).Select(i => $"b.p{i}"));
        var backwardsTest = backwards.Length == 0 ? "false" : $"coalesce(false{backwards}, false)";

        return $"""
            with figures as (
                select r.section_id,
                       sum(r.month_actual) filter (where r.year = @y and r.status = 'approved') as ytd,
                       sum(r.month_actual) filter (where r.year = @y and r.month = @m and r.status = 'approved') as month_actual,
                       sum(r.month_actual) filter (where r.year = @y - 1 and r.status = 'approved') as previous_ytd,
                       bit_or(1 << (r.month - 1)) filter (where r.year = @y and r.status = 'approved') as approved_months,
                       min(r.status) filter (where r.year = @y and r.month = @m and r.status <> 'approved') as open_status{progress}
                from monthly_reports r
                where r.year between @y - 1 and @y and r.month <= @m and r.status <> 'superseded'
                group by r.section_id
            ),
            base as materialized (
                select s.id as section_id, s.region_code, s.project_id, p.code as project_code, p.mode,
                       ap.planned_investment as plan,
                       case when ap.planned_investment is null then 0
                            when ap.monthly_profile is null then round(ap.planned_investment * @m / 12, 4)
                            else coalesce((select round(ap.planned_investment * sum(u.x) filter (where u.i <= @m) / nullif(sum(u.x), 0), 4)
                                           from unnest(ap.monthly_profile) with ordinality as u(x, i)), 0)
                       end as planned_to_date,
                       coalesce(f.ytd, 0) as ytd,
                       coalesce(f.month_actual, 0) as month_actual,
                       coalesce(f.previous_ytd, 0) as previous_ytd,
                       -- A section counts in the period when it has a plan for Y or an approved figure in either window.
                       (ap.planned_investment is not null or f.approved_months is not null or f.previous_ytd is not null) as counted,
                       case when p.status = 'active' and ap.planned_investment is not null then
                           -- Months due: from the later of January and active_from, through M; minus those approved,
                           -- minus M itself when it has an open revision (that one is reported as unapproved instead).
                           ((1 << @m) - 1)
                           & (~((1 << ((case when s.active_from < make_date(@y, 1, 1) then 1
                                             when s.active_from > make_date(@y, @m, 1) then 13
                                             else extract(month from s.active_from)::int end) - 1)) - 1))
                           & (~coalesce(f.approved_months, 0))
                           & (~(case when f.open_status is not null then 1 << (@m - 1) else 0 end))
                       else 0 end as missing_months,
                       (f.open_status is not null and (coalesce(f.approved_months, 0) & (1 << (@m - 1))) = 0) as unapproved,
                       f.open_status,
                       {backwardsTest} as backwards,
                       {progressColumns}
                from sections s
                join projects p on p.id = s.project_id
                left join annual_plans ap on ap.section_id = s.id and ap.year = @y
                left join figures f on f.section_id = s.id
            )
            select 0 as row_kind, b.region_code::text, b.mode::text, 'all'::text as scope, count(*)::int as section_count,
                   coalesce(sum(b.plan), 0) as plan, sum(b.planned_to_date) as planned_to_date, sum(b.month_actual) as month_actual,
                   sum(b.ytd) as ytd, sum(b.previous_ytd) as previous_ytd,
                   null::bigint as section_id, null::bigint as project_id, null::text as project_code, null::int as missing_months,
                   null::text as open_status, null::numeric[] as progress
            from base b
            where b.counted
            group by b.region_code, b.mode
            union all
            select 0, b.region_code, b.mode, ps.scope, count(*)::int,
                   coalesce(sum(b.plan), 0), sum(b.planned_to_date), sum(b.month_actual), sum(b.ytd), sum(b.previous_ytd),
                   null, null, null, null, null, null
            from base b
            join project_scopes ps on ps.project_id = b.project_id
            where b.counted
            group by b.region_code, b.mode, ps.scope
            union all
            select 1, b.region_code, b.mode, null, 0, null, null, null, b.ytd, null,
                   b.section_id, b.project_id, b.project_code, b.missing_months,
                   case when b.unapproved then b.open_status end,
                   case when b.backwards then array[{progressArray}]::numeric[] end
            from base b
            where b.missing_months <> 0 or b.unapproved or b.backwards or (b.mode = 'other' and b.ytd <> 0)
            """;
    }

    /// <summary>Projects whose sections' apportioned shares add up to more than the project's total investment.</summary>
    public const string SectionsExceedTotal = """
        select p.id, p.code, p.region_code, p.total_investment, sum(s.apportioned_investment) as shares
        from projects p
        join sections s on s.project_id = p.id
        where p.total_investment is not null
        group by p.id, p.code, p.region_code, p.total_investment
        having sum(s.apportioned_investment) > p.total_investment
        """;

    public const string Regions = "select code, level, parent_code from regions";

    public const string Targets = "select region_code, scope, task from region_targets where year = @y";

    public const string Thresholds = "select yellow_below, red_below from lag_thresholds where id = 1";
}
