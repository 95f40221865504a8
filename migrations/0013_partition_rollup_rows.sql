-- purpose: roll-up rows partitioned by period, so a roll-up builds a period's rows in a fresh table, indexes it once and swaps it in.
-- Inserting ~200,000 rows through the primary key and ix_rollup_rows_parent one by one cost as much as the whole bare
-- aggregate at national scale; building both indexes over a loaded table is a fraction of that. PeriodRollup names each
-- period's partition rollup_rows_yYYYYmMM and creates it; no default partition, so a row of a period never rolled up
-- has nowhere to go but through the roll-up.
alter table rollup_rows rename to rollup_rows_unpartitioned;
alter index pk_rollup_rows rename to pk_rollup_rows_unpartitioned;
alter index ix_rollup_rows_parent rename to ix_rollup_rows_parent_unpartitioned;

create table rollup_rows (
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
    constraint pk_rollup_rows primary key (year, month, region_code, mode_category, mode, scope),
    constraint ck_rollup_rows_lag_status check (lag_status in ('green', 'yellow', 'red'))
) partition by range (year, month);
create index ix_rollup_rows_parent on rollup_rows (year, month, parent_code, mode_category, mode, scope);

do $$
declare
    p record;
begin
    for p in select distinct year, month from rollup_rows_unpartitioned loop
        execute format('create table %I partition of rollup_rows for values from (%s, %s) to (%s, %s)',
            'rollup_rows_y' || p.year || 'm' || lpad(p.month::text, 2, '0'), p.year, p.month, p.year, p.month + 1);
    end loop;
end
$$;
insert into rollup_rows select * from rollup_rows_unpartitioned;
drop table rollup_rows_unpartitioned;
