-- purpose: the project registry: regions, projects, scopes, sections, milestones, annual plans and regional tasks.

create table regions (
    code        varchar(6)  not null,
    name        varchar(100) not null,
    level       varchar(16) not null,
    parent_code varchar(6)  null,
    constraint pk_regions primary key (code),
    constraint fk_regions_parent foreign key (parent_code) references regions (code),
    constraint ck_regions_code check (code ~ '^[0-9]{6}$'),
    constraint ck_regions_level check (level in ('province', 'city', 'county')),
    constraint ck_regions_parent check ((level = 'province') = (parent_code is null))
);
create index ix_regions_parent_code on regions (parent_code);

create table projects (
    id               bigint generated always as identity,
    code             varchar(32)  not null,
    name             varchar(200) not null,
    route_code       varchar(16)  null,
    mode             varchar(32)  not null,
    total_investment numeric(18,4) null,
    length_km        numeric(10,3) null,
    owner            varchar(200) null,
    region_code      varchar(6)   not null,
    status           varchar(16)  not null default 'active',
    archived_at      timestamptz  null,
    created_at       timestamptz  not null default now(),
    updated_at       timestamptz  not null default now(),
    constraint pk_projects primary key (id),
    constraint fk_projects_region foreign key (region_code) references regions (code),
    constraint ck_projects_mode check (mode in ('expressway', 'trunk_highway', 'urban_road', 'rural_road', 'railway',
                                               'urban_rail', 'port', 'waterway', 'airport', 'hub', 'other')),
    constraint ck_projects_status check (status in ('active', 'archived')),
    constraint ck_projects_archived check ((status = 'archived') = (archived_at is not null)),
    -- numeric accepts NaN and silently rounds extra decimals, so the API validates scale and the table refuses NaN and negatives.
    constraint ck_projects_total_investment check (total_investment >= 0 and total_investment <> 'NaN'),
    constraint ck_projects_length_km check (length_km >= 0 and length_km <> 'NaN')
);
create unique index uq_projects_code on projects (code);
create index ix_projects_region_code on projects (region_code);
create index ix_projects_mode on projects (mode);

create table project_scopes (
    project_id bigint      not null,
    scope      varchar(32) not null,
    constraint pk_project_scopes primary key (project_id, scope),
    constraint fk_project_scopes_project foreign key (project_id) references projects (id) on delete cascade,
    constraint ck_project_scopes_scope check (scope in ('comprehensive', 'effective', 'key_project', 'major_programme', 'livelihood'))
);
create index ix_project_scopes_scope on project_scopes (scope);

create table sections (
    id                     bigint generated always as identity,
    project_id             bigint        not null,
    region_code            varchar(6)    not null,
    name                   varchar(200)  not null,
    apportioned_investment numeric(18,4) null,
    constraint pk_sections primary key (id),
    constraint fk_sections_project foreign key (project_id) references projects (id) on delete cascade,
    constraint fk_sections_region foreign key (region_code) references regions (code),
    constraint ck_sections_apportioned check (apportioned_investment >= 0 and apportioned_investment <> 'NaN')
);
create unique index uq_sections_project_region on sections (project_id, region_code);
create index ix_sections_region_code on sections (region_code);

create table milestones (
    project_id bigint      not null,
    kind       varchar(32) not null,
    planned_on date        null,
    actual_on  date        null,
    constraint pk_milestones primary key (project_id, kind),
    constraint fk_milestones_project foreign key (project_id) references projects (id) on delete cascade,
    constraint ck_milestones_kind check (kind in ('proposal', 'feasibility_study', 'site_land_prereview', 'preliminary_design',
        'construction_drawings', 'construction_tender', 'land_approval', 'start', 'handover_acceptance', 'opening',
        'completion_acceptance')),
    constraint ck_milestones_some_date check (planned_on is not null or actual_on is not null)
);

create table annual_plans (
    section_id                bigint        not null,
    year                      integer       not null,
    planned_investment        numeric(18,4) not null,
    target_physical_progress  numeric(7,4)  null,
    constraint pk_annual_plans primary key (section_id, year),
    constraint fk_annual_plans_section foreign key (section_id) references sections (id) on delete cascade,
    constraint ck_annual_plans_year check (year between 1990 and 2100),
    constraint ck_annual_plans_planned check (planned_investment >= 0 and planned_investment <> 'NaN'),
    constraint ck_annual_plans_target check (target_physical_progress between 0 and 100)
);

create table region_targets (
    region_code   varchar(6)    not null,
    scope         varchar(32)   not null,
    year          integer       not null,
    task          numeric(18,4) not null,
    growth_target numeric(9,6)  null,
    constraint pk_region_targets primary key (region_code, scope, year),
    constraint fk_region_targets_region foreign key (region_code) references regions (code),
    constraint ck_region_targets_scope check (scope in ('comprehensive', 'effective', 'key_project', 'major_programme', 'livelihood')),
    constraint ck_region_targets_year check (year between 1990 and 2100),
    constraint ck_region_targets_task check (task >= 0 and task <> 'NaN'),
    constraint ck_region_targets_growth check (growth_target <> 'NaN')
);
