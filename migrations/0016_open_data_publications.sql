-- purpose: the regions and years whose OC4IDS package an administrator has published at an anonymous URL.

-- One row per published package. The package itself is not stored: GET /api/v1/open-data/oc4ids/published/{regionCode}/{year}
-- composes it from the approved figures when asked, so the URL always answers what the bureau holds now. Unpublishing
-- deletes the row; the audit trail keeps who published and unpublished what, and when.
create table open_data_publications (
    region_code  varchar(6)   not null,
    year         integer      not null,
    published_at timestamptz  not null default now(),
    published_by varchar(256) not null,
    constraint pk_open_data_publications primary key (region_code, year),
    constraint fk_open_data_publications_region foreign key (region_code) references regions (code),
    constraint ck_open_data_publications_year check (year between 1990 and 2100)
);

create trigger audit after insert or update or delete on open_data_publications for each row execute function audit_row('region_code', 'year');
