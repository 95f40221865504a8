-- purpose: finished export workbooks, kept in the database so that any API instance can serve the download of a job another ran.

-- One file per export job, replaced when a recovered job writes it again; deleted with its job, or by the clean-up job
-- once expired. Downloads stream the content (SequentialAccess), uploads stream it from the job's temporary file.
create table export_files (
    job_id          uuid         not null,
    file_name       varchar(200) not null,
    ascii_file_name varchar(200) not null,
    content_type    varchar(100) not null,
    size_bytes      bigint       not null,
    row_count       integer      not null,
    content         bytea        not null,
    created_at      timestamptz  not null,
    expires_at      timestamptz  not null,
    constraint pk_export_files primary key (job_id),
    constraint fk_export_files_job foreign key (job_id) references jobs (id) on delete cascade,
    constraint ck_export_files_size check (size_bytes > 0),
    constraint ck_export_files_row_count check (row_count >= 0),
    constraint ck_export_files_expiry check (expires_at > created_at)
);
create index ix_export_files_expires_at on export_files (expires_at);

-- An xlsx is a zip already: PostgreSQL's own compression would spend CPU on every write for nothing, so the content
-- goes out of line uncompressed.
alter table export_files alter column content set storage external;
