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
    -- A key with no approved report left keeps its row, all null (rows are never deleted here: see the locking below).
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

    -- Each key's twelve months side by side with their approved report, if any; the running sum is null until the
    -- first approved month, as a year to date of nothing should be.
    with keys as (
        select distinct * from unnest(sections, years) as u(section_id, year)
    ),
    months as (
        select k.section_id, k.year, m.month, r.month_actual, r.physical_progress,
               sum(r.month_actual) over (partition by k.section_id, k.year order by m.month) as ytd
        from keys k
        cross join generate_series(1, 12) as m(month)
        left join monthly_reports r
          on r.section_id = k.section_id and r.year = k.year and r.month = m.month and r.status = 'approved'
    ),
    recomputed as (
        select section_id, year,
               array_agg(month_actual order by month) as actuals,
               array_agg(ytd order by month) as ytd,
               array_agg(physical_progress order by month) as progress,
               coalesce(bit_or(1 << (month - 1)) filter (where month_actual is not null), 0) as approved_months
        from months
        group by section_id, year
    )
    update section_year_figures f
    set actuals = c.actuals,
        ytd = c.ytd,
        progress = c.progress,
        approved_months = c.approved_months,
        backwards_months = progress_backwards_months(c.progress)
    from recomputed c
    where f.section_id = c.section_id and f.year = c.year;
end
$$;

-- Every row again from every approved report: what this migration does once, and what a bulk load that skipped the
-- triggers (session_replication_role = replica) calls afterwards.
create function rebuild_section_year_figures() returns void
language sql as $$
    select refresh_section_year_figures(array_agg(section_id), array_agg(year))
    from (select distinct section_id, year from monthly_reports where status = 'approved') stored;
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
select rebuild_section_year_figures();
