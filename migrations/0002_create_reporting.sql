-- purpose: monthly reporting with revisions, plan profiles, lag thresholds, land issues, physical quantities and funding.

-- The first month a section reports for: reports for earlier periods are refused.
alter table sections add column active_from date not null default date_trunc('month', current_date)::date;
alter table sections add constraint ck_sections_active_from check (active_from = date_trunc('month', active_from)::date);

-- Optional month-by-month plan (12 amounts adding up to planned_investment); linear when null.
alter table annual_plans add column monthly_profile numeric(18,4)[] null;
alter table annual_plans add constraint ck_annual_plans_profile
    check (monthly_profile is null or (array_length(monthly_profile, 1) = 12 and array_ndims(monthly_profile) = 1));

-- One row per revision. Revision 1 is the original report; a correction of an approved month is a new revision with
-- a reason. At most one revision per month is open (draft, submitted, returned) and at most one is approved: the
-- figures of the month are the approved one's. Approving a correction marks the previous approval superseded.
create table monthly_reports (
    id                        bigint generated always as identity,
    section_id                bigint        not null,
    year                      integer       not null,
    month                     integer       not null,
    revision                  integer       not null,
    status                    varchar(16)   not null,
    month_actual              numeric(18,4) not null,
    physical_progress         numeric(7,4)  null,
    narrative                 varchar(4000) null,
    problems                  varchar(4000) null,
    correction_reason         varchar(1000) null,
    progress_decrease_reason  varchar(1000) null,
    return_reason             varchar(1000) null,
    created_at                timestamptz   not null default now(),
    created_by                varchar(100)  null,
    updated_at                timestamptz   not null default now(),
    submitted_at              timestamptz   null,
    submitted_by              varchar(100)  null,
    decided_at                timestamptz   null,
    decided_by                varchar(100)  null,
    constraint pk_monthly_reports primary key (id),
    constraint fk_monthly_reports_section foreign key (section_id) references sections (id),
    constraint ck_monthly_reports_year check (year between 1990 and 2100),
    constraint ck_monthly_reports_month check (month between 1 and 12),
    constraint ck_monthly_reports_revision check (revision >= 1),
    constraint ck_monthly_reports_status check (status in ('draft', 'submitted', 'returned', 'approved', 'superseded')),
    constraint ck_monthly_reports_actual check (month_actual <> 'NaN' and (month_actual >= 0 or correction_reason is not null)),
    constraint ck_monthly_reports_progress check (physical_progress between 0 and 100),
    constraint ck_monthly_reports_correction check ((revision = 1) = (correction_reason is null))
);
create unique index uq_monthly_reports_revision on monthly_reports (section_id, year, month, revision);
create unique index uq_monthly_reports_open on monthly_reports (section_id, year, month)
    where status in ('draft', 'submitted', 'returned');
create unique index uq_monthly_reports_approved on monthly_reports (section_id, year, month) where status = 'approved';
create index ix_monthly_reports_period on monthly_reports (year, month);

-- Lag status thresholds (ratio units: -0.10 = 10 points behind the time-elapsed progress); one row.
create table lag_thresholds (
    id           integer      not null,
    yellow_below numeric(7,4) not null,
    red_below    numeric(7,4) not null,
    updated_at   timestamptz  not null default now(),
    constraint pk_lag_thresholds primary key (id),
    constraint ck_lag_thresholds_single check (id = 1),
    constraint ck_lag_thresholds_order check (red_below <= yellow_below and yellow_below <= 0)
);
insert into lag_thresholds (id, yellow_below, red_below) values (1, -0.05, -0.10);

create table land_issues (
    id               bigint generated always as identity,
    section_id       bigint        not null,
    reference        varchar(32)   null,
    town             varchar(100)  null,
    kind             varchar(16)   not null,
    description      varchar(2000) not null,
    identified_on    date          not null,
    due_on           date          null,
    resolved_on      date          null,
    responsible_unit varchar(200)  null,
    resolution_note  varchar(1000) null,
    created_at       timestamptz   not null default now(),
    updated_at       timestamptz   not null default now(),
    constraint pk_land_issues primary key (id),
    constraint fk_land_issues_section foreign key (section_id) references sections (id),
    constraint ck_land_issues_kind check (kind in ('house', 'crops', 'power_tower', 'grave', 'enterprise', 'farmland', 'other')),
    constraint ck_land_issues_due check (due_on >= identified_on),
    constraint ck_land_issues_resolved check (resolved_on >= identified_on)
);
create unique index uq_land_issues_reference on land_issues (section_id, reference);
create index ix_land_issues_section on land_issues (section_id);

-- 实物工程量: yearly quantity targets of a project (optionally one section, optionally per town) and monthly amounts done.
create table quantity_targets (
    id         bigint generated always as identity,
    project_id bigint        not null,
    section_id bigint        null,
    year       integer       not null,
    kind       varchar(32)   not null,
    town       varchar(100)  not null default '',
    target     numeric(12,3) not null,
    constraint pk_quantity_targets primary key (id),
    constraint fk_quantity_targets_project foreign key (project_id) references projects (id),
    constraint fk_quantity_targets_section foreign key (section_id) references sections (id),
    constraint ck_quantity_targets_year check (year between 1990 and 2100),
    constraint ck_quantity_targets_kind check (kind in ('new_rebuilt_km', 'pavement_improvement_km', 'major_repair_km',
        'safety_works_km', 'bridges_renovated', 'stations_built', 'shelters_built')),
    constraint ck_quantity_targets_target check (target >= 0 and target <> 'NaN')
);
create unique index uq_quantity_targets on quantity_targets (project_id, year, kind, town);

create table quantity_progress (
    target_id bigint        not null,
    month     integer       not null,
    completed numeric(12,3) not null,
    constraint pk_quantity_progress primary key (target_id, month),
    constraint fk_quantity_progress_target foreign key (target_id) references quantity_targets (id) on delete cascade,
    constraint ck_quantity_progress_month check (month between 1 and 12),
    constraint ck_quantity_progress_completed check (completed >= 0 and completed <> 'NaN')
);

create table funding_sources (
    id         bigint generated always as identity,
    project_id bigint        not null,
    section_id bigint        null,
    year       integer       null,
    level      varchar(16)   not null,
    kind       varchar(32)   not null,
    committed  numeric(18,4) not null,
    received   numeric(18,4) not null default 0,
    note       varchar(1000) null,
    constraint pk_funding_sources primary key (id),
    constraint fk_funding_sources_project foreign key (project_id) references projects (id),
    constraint fk_funding_sources_section foreign key (section_id) references sections (id),
    constraint ck_funding_sources_year check (year between 1990 and 2100),
    constraint ck_funding_sources_level check (level in ('central', 'provincial', 'city', 'county')),
    constraint ck_funding_sources_kind check (kind in ('budget_subsidy', 'special_bond', 'bank_loan', 'self_raised', 'other')),
    constraint ck_funding_sources_committed check (committed >= 0 and committed <> 'NaN'),
    constraint ck_funding_sources_received check (received >= 0 and received <> 'NaN')
);
create index ix_funding_sources_project on funding_sources (project_id);
create index ix_quantity_targets_section on quantity_targets (section_id);
create index ix_funding_sources_section on funding_sources (section_id);
