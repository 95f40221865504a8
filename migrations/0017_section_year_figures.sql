-- purpose: each section's approved figures of a year in one row (section_year_figures), kept exact by statement
-- triggers on monthly_reports, so the roll-up reads 180,000 narrow rows at national scale instead of 2.16 million
-- reports (issue 15). The row is recomputed from the approved reports of its section and year whenever a statement
-- inserts, updates or deletes an approved report of them, never adjusted by difference, so it cannot drift.
-- Arrays hold months 1..12 (index = month); null where the month has no approved report.
create table section_year_figures (
    section_id       bigint         not null,
    year             integer        not null,
    -- The approved month_actual of each month.
    actuals          numeric(18,4)[] not null,
    -- Year to date through each month: the sum of the approved months up to it; null while none is approved yet.
    ytd              numeric(18,4)[] not null,
    -- The approved physical progress (形象进度) of each month.
    progress         numeric(7,4)[]  not null,
    -- Bit k-1 set: month k has an approved report.
    approved_months  integer        not null,
    -- Bit k-1 set: month k's approved progress is below the latest earlier month's that has one ("progress went backwards").
    backwards_months integer        not null,
    constraint pk_section_year_figures primary key (section_id, year),
    constraint fk_section_year_figures_section foreign key (section_id) references sections (id) on delete cascade,
    constraint ck_section_year_figures_months check (
        cardinality(actuals) = 12 and cardinality(ytd) = 12 and cardinality(progress) = 12)
);

-- Which months' progress falls below the latest earlier month that has a progress; nulls are skipped both ways.
create function progress_backwards_months(progress numeric[]) returns integer
language plpgsql immutable strict as $$
declare
    latest numeric;
    result integer := 0;
begin
    for k in 1 .. cardinality(progress) loop
        if progress[k] is not null then
            if latest is not null and progress[k] < latest then
                result := result | (1 << (k - 1));
            end if;
            latest := progress[k];
        end if;
    end loop;
    return result;
end
$$;

-- Recomputes the rows of the given (section, year) pairs from their approved reports. Rows are made first and locked in
-- key order; the recomputation is a later statement, so a transaction that waited here for another one's lock reads
-- that one's committed reports and never writes a row from a stale snapshot.
create function refresh_section_year_figures(sections bigint[], years integer[]) returns void
language plpgsql as $$
declare
    none_numeric numeric[] := array_fill(null::numeric, array[12]);
begin
    insert into section_year_figures (section_id, year, actuals, ytd, progress, approved_months, backwards_months)
    select distinct k.section_id, k.year, none_numeric, none_numeric, none_numeric, 0, 0
    from unnest(sections, years) as k(section_id, year)
    order by 1, 2
    on conflict (section_id, year) do nothing;

    perform 1
    from section_year_figures f
    join (select distinct * from unnest(sections, years) as u(section_id, year)) k
      on k.section_id = f.section_id and k.year = f.year
    order by f.section_id, f.year
    for update of f;

    with keys as (
        select distinct * from unnest(sections, years) as u(section_id, year)
    ),
    approved as (
        select r.section_id, r.year,
               array[max(r.month_actual) filter (where r.month = 1), max(r.month_actual) filter (where r.month = 2),
                     max(r.month_actual) filter (where r.month = 3), max(r.month_actual) filter (where r.month = 4),
                     max(r.month_actual) filter (where r.month = 5), max(r.month_actual) filter (where r.month = 6),
                     max(r.month_actual) filter (where r.month = 7), max(r.month_actual) filter (where r.month = 8),
                     max(r.month_actual) filter (where r.month = 9), max(r.month_actual) filter (where r.month = 10),
                     max(r.month_actual) filter (where r.month = 11), max(r.month_actual) filter (where r.month = 12)] as actuals,
               array[sum(r.month_actual) filter (where r.month <= 1), sum(r.month_actual) filter (where r.month <= 2),
                     sum(r.month_actual) filter (where r.month <= 3), sum(r.month_actual) filter (where r.month <= 4),
                     sum(r.month_actual) filter (where r.month <= 5), sum(r.month_actual) filter (where r.month <= 6),
                     sum(r.month_actual) filter (where r.month <= 7), sum(r.month_actual) filter (where r.month <= 8),
                     sum(r.month_actual) filter (where r.month <= 9), sum(r.month_actual) filter (where r.month <= 10),
                     sum(r.month_actual) filter (where r.month <= 11), sum(r.month_actual)] as ytd,
               array[max(r.physical_progress) filter (where r.month = 1), max(r.physical_progress) filter (where r.month = 2),
                     max(r.physical_progress) filter (where r.month = 3), max(r.physical_progress) filter (where r.month = 4),
                     max(r.physical_progress) filter (where r.month = 5), max(r.physical_progress) filter (where r.month = 6),
                     max(r.physical_progress) filter (where r.month = 7), max(r.physical_progress) filter (where r.month = 8),
                     max(r.physical_progress) filter (where r.month = 9), max(r.physical_progress) filter (where r.month = 10),
                     max(r.physical_progress) filter (where r.month = 11), max(r.physical_progress) filter (where r.month = 12)] as progress,
               bit_or(1 << (r.month - 1)) as approved_months
        from monthly_reports r
        join keys k on k.section_id = r.section_id and k.year = r.year
        where r.status = 'approved'
        group by r.section_id, r.year
    )
    update section_year_figures f
    set actuals = coalesce(a.actuals, none_numeric),
        ytd = coalesce(a.ytd, none_numeric),
        progress = coalesce(a.progress, none_numeric),
        approved_months = coalesce(a.approved_months, 0),
        backwards_months = coalesce(progress_backwards_months(a.progress), 0)
    from keys k
    left join approved a on a.section_id = k.section_id and a.year = k.year
    where f.section_id = k.section_id and f.year = k.year;
end
$$;

-- One function for the three triggers: transition tables need a trigger per event, and plpgsql plans a statement only
-- when it runs, so the branch naming a table the event lacks is never planned.
create function monthly_reports_refresh_figures() returns trigger
language plpgsql as $$
declare
    sections bigint[];
    years integer[];
begin
    if tg_op = 'INSERT' then
        select array_agg(section_id), array_agg(year) into sections, years
        from new_rows where status = 'approved';
    elsif tg_op = 'DELETE' then
        select array_agg(section_id), array_agg(year) into sections, years
        from old_rows where status = 'approved';
    else
        select array_agg(section_id), array_agg(year) into sections, years
        from (select section_id, year from new_rows where status = 'approved'
              union
              select section_id, year from old_rows where status = 'approved') changed;
    end if;
    if sections is not null then
        perform refresh_section_year_figures(sections, years);
    end if;
    return null;
end
$$;

create trigger section_year_figures_on_insert after insert on monthly_reports
    referencing new table as new_rows for each statement execute function monthly_reports_refresh_figures();
create trigger section_year_figures_on_update after update on monthly_reports
    referencing old table as old_rows new table as new_rows for each statement execute function monthly_reports_refresh_figures();
create trigger section_year_figures_on_delete after delete on monthly_reports
    referencing old table as old_rows for each statement execute function monthly_reports_refresh_figures();

-- The rows of the reports already stored.
select refresh_section_year_figures(array_agg(section_id), array_agg(year))
from (select distinct section_id, year from monthly_reports where status = 'approved') stored;
