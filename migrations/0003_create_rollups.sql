-- purpose: background jobs as API resources, monthly roll-ups by region × mode × scope with ranks, and data-quality findings.

-- A long-running piece of work a client started (or the scheduler fired), polled through /api/v1/jobs/{id}.
create table jobs (
    id          uuid          not null,
    kind        varchar(32)   not null,
    status      varchar(16)   not null,
    parameters  jsonb         not null default '{}',
    progress    numeric(5,4)  not null default 0,
    result      jsonb         null,
    error       varchar(4000) null,
    attempts    integer       not null default 0,
    created_at  timestamptz   not null default now(),
    started_at  timestamptz   null,
    finished_at timestamptz   null,
    created_by  varchar(100)  null,
    constraint pk_jobs primary key (id),
    constraint ck_jobs_kind check (kind in ('rollup', 'missing_reports_reminder', 'export', 'import')),
    constraint ck_jobs_status check (status in ('queued', 'running', 'succeeded', 'failed')),
    constraint ck_jobs_progress check (progress between 0 and 1)
);
create index ix_jobs_created_at on jobs (created_at);

-- One row per roll-up of a period; rerunning a period replaces its rows in one transaction.
create table rollup_runs (
    year          integer     not null,
    month         integer     not null,
    job_id        uuid        null,
    computed_at   timestamptz not null,
    row_count     integer     not null,
    finding_count integer     not null,
    constraint pk_rollup_runs primary key (year, month),
    constraint fk_rollup_runs_job foreign key (job_id) references jobs (id) on delete set null,
    constraint ck_rollup_runs_month check (month between 1 and 12)
);
create index ix_rollup_runs_job on rollup_runs (job_id);

-- Figures per region × period × mode × scope. 'all' in mode_category / mode / scope means "every one".
-- Money in 万元; rates are ratios; ranks are competition ranks (1, 2, 2, 4) among the regions sharing parent_code.
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
    constraint fk_rollup_rows_run foreign key (year, month) references rollup_runs (year, month) on delete cascade,
    constraint ck_rollup_rows_lag_status check (lag_status in ('green', 'yellow', 'red'))
);
create index ix_rollup_rows_parent on rollup_rows (year, month, parent_code, mode_category, mode, scope);

-- What a planning section would otherwise check by hand, recorded with the roll-up of the period.
create table data_quality_findings (
    id          bigint generated always as identity,
    year        integer       not null,
    month       integer       not null,
    kind        varchar(32)   not null,
    region_code varchar(6)    null,
    project_id  bigint        null,
    section_id  bigint        null,
    message     varchar(1000) not null,
    constraint pk_data_quality_findings primary key (id),
    constraint fk_data_quality_findings_run foreign key (year, month) references rollup_runs (year, month) on delete cascade,
    constraint ck_data_quality_findings_kind check (kind in ('sections_exceed_total', 'parts_do_not_add_up', 'progress_backwards',
        'missing_month', 'unapproved_month', 'no_mode'))
);
create index ix_data_quality_findings_period on data_quality_findings (year, month);
