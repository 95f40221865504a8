-- A reopened land issue keeps the period it had been resolved, so statistics "as of" a past day count it as resolved
-- on the days it was (land_issues.resolved_on only holds the current resolution).
create table land_issue_reopenings (
    id            bigint generated always as identity,
    land_issue_id bigint        not null,
    resolved_on   date          not null,
    reopened_on   date          not null,
    reason        varchar(1000) not null,
    created_at    timestamptz   not null default now(),
    constraint pk_land_issue_reopenings primary key (id),
    constraint fk_land_issue_reopenings_issue foreign key (land_issue_id) references land_issues (id),
    constraint ck_land_issue_reopenings_order check (reopened_on >= resolved_on)
);
create index ix_land_issue_reopenings_issue on land_issue_reopenings (land_issue_id);
