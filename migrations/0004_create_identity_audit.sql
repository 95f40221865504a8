-- purpose: users and roles (ASP.NET Core Identity), what each user may see (user_scopes), the shared data-protection key ring, and the audit trail of every write.

-- Identity's tables, named in snake_case (Data/Configurations/IdentityConfigurations.cs maps Identity's model onto them).
create table users (
    id                     text          not null,
    created_at             timestamptz   not null default now(),
    user_name              varchar(256)  null,
    normalized_user_name   varchar(256)  null,
    email                  varchar(256)  null,
    normalized_email       varchar(256)  null,
    email_confirmed        boolean       not null,
    password_hash          text          null,
    security_stamp         text          null,
    concurrency_stamp      text          null,
    phone_number           text          null,
    phone_number_confirmed boolean       not null,
    two_factor_enabled     boolean       not null,
    lockout_end            timestamptz   null,
    lockout_enabled        boolean       not null,
    access_failed_count    integer       not null,
    constraint pk_users primary key (id)
);
create unique index uq_users_normalized_user_name on users (normalized_user_name);
create index ix_users_normalized_email on users (normalized_email);

create table roles (
    id                text         not null,
    name              varchar(256) null,
    normalized_name   varchar(256) null,
    concurrency_stamp text         null,
    constraint pk_roles primary key (id)
);
create unique index uq_roles_normalized_name on roles (normalized_name);

create table user_roles (
    user_id text not null,
    role_id text not null,
    constraint pk_user_roles primary key (user_id, role_id),
    constraint fk_user_roles_role foreign key (role_id) references roles (id) on delete cascade,
    constraint fk_user_roles_user foreign key (user_id) references users (id) on delete cascade
);
create index ix_user_roles_role_id on user_roles (role_id);

create table user_claims (
    id          integer generated always as identity,
    user_id     text not null,
    claim_type  text null,
    claim_value text null,
    constraint pk_user_claims primary key (id),
    constraint fk_user_claims_user foreign key (user_id) references users (id) on delete cascade
);
create index ix_user_claims_user_id on user_claims (user_id);

create table role_claims (
    id          integer generated always as identity,
    role_id     text not null,
    claim_type  text null,
    claim_value text null,
    constraint pk_role_claims primary key (id),
    constraint fk_role_claims_role foreign key (role_id) references roles (id) on delete cascade
);
create index ix_role_claims_role_id on role_claims (role_id);

create table user_logins (
    login_provider        text not null,
    provider_key          text not null,
    provider_display_name text null,
    user_id               text not null,
    constraint pk_user_logins primary key (login_provider, provider_key),
    constraint fk_user_logins_user foreign key (user_id) references users (id) on delete cascade
);
create index ix_user_logins_user_id on user_logins (user_id);

create table user_tokens (
    user_id        text not null,
    login_provider text not null,
    name           text not null,
    value          text null,
    constraint pk_user_tokens primary key (user_id, login_provider, name),
    constraint fk_user_tokens_user foreign key (user_id) references users (id) on delete cascade
);

-- The four roles, with fixed ids so code, SQL and tests name them the same way.
insert into roles (id, name, normalized_name, concurrency_stamp) values
    ('administrator', 'administrator', 'ADMINISTRATOR', 'administrator'),
    ('planning', 'planning', 'PLANNING', 'planning'),
    ('headquarters', 'headquarters', 'HEADQUARTERS', 'headquarters'),
    ('leadership', 'leadership', 'LEADERSHIP', 'leadership');

-- What a user may see: planning and leadership get regions (the region and everything below it), headquarters get
-- projects or sections. Scopes are read on every request, so a change takes effect at once.
create table user_scopes (
    id          bigint generated always as identity,
    user_id     text       not null,
    region_code varchar(6) null,
    project_id  bigint     null,
    section_id  bigint     null,
    constraint pk_user_scopes primary key (id),
    constraint fk_user_scopes_user foreign key (user_id) references users (id) on delete cascade,
    constraint fk_user_scopes_region foreign key (region_code) references regions (code) on delete cascade,
    constraint fk_user_scopes_project foreign key (project_id) references projects (id) on delete cascade,
    constraint fk_user_scopes_section foreign key (section_id) references sections (id) on delete cascade,
    constraint ck_user_scopes_one check (num_nonnulls(region_code, project_id, section_id) = 1)
);
create index ix_user_scopes_user_id on user_scopes (user_id);
create index ix_user_scopes_region_code on user_scopes (region_code);
create index ix_user_scopes_project_id on user_scopes (project_id);
create index ix_user_scopes_section_id on user_scopes (section_id);

-- The data-protection key ring (it protects bearer tokens and cookies), shared by every API instance on this database.
-- Key material: never audited, readable only by the application's database role.
create table data_protection_keys (
    id            bigint generated always as identity,
    friendly_name varchar(200) null,
    xml           text         not null,
    created_at    timestamptz  not null default now(),
    constraint pk_data_protection_keys primary key (id)
);

-- Every insert, update and delete on a business table, whichever path made it (EF, ExecuteUpdate, raw SQL, psql).
create table audit_log (
    id         bigint generated always as identity,
    at         timestamptz  not null default now(),
    actor      varchar(256) not null,
    action     varchar(8)   not null,
    table_name varchar(64)  not null,
    row_key    varchar(200) not null,
    before     jsonb        null,
    after      jsonb        null,
    constraint pk_audit_log primary key (id),
    constraint ck_audit_log_action check (action in ('insert', 'update', 'delete'))
);
create index ix_audit_log_table_row on audit_log (table_name, row_key, id);
create index ix_audit_log_actor on audit_log (actor, id);
create index ix_audit_log_at on audit_log (at);

-- The actor is the session setting investment.actor, which the API sets on every connection it opens (the signed-in
-- user, or system:startup / system:seed / system:scheduler for background work); anything else (psql, scripts) is recorded as db:<role>.
-- Trigger arguments name the key columns; row_key joins their values with '/'. Secrets of user rows are never copied,
-- and an update that changes nothing but them (a logout rotating the security stamp) is not recorded.
-- Bulk loads that must not be audited (the benchmark harness) run `set session_replication_role = replica` in their
-- own session first, which skips these triggers for that session only.
create function audit_row() returns trigger language plpgsql as $$
declare
    before_row jsonb;
    after_row  jsonb;
    row_key_value text;
begin
    if tg_op <> 'INSERT' then
        before_row := to_jsonb(old) - 'password_hash' - 'security_stamp' - 'concurrency_stamp';
    end if;
    if tg_op <> 'DELETE' then
        after_row := to_jsonb(new) - 'password_hash' - 'security_stamp' - 'concurrency_stamp';
    end if;
    if tg_op = 'UPDATE' and before_row = after_row then
        return null;
    end if;
    select string_agg(coalesce(after_row, before_row) ->> k.name, '/' order by k.ord)
      into row_key_value
      from unnest(tg_argv) with ordinality as k(name, ord);
    insert into audit_log (actor, action, table_name, row_key, before, after)
    values (coalesce(nullif(current_setting('investment.actor', true), ''), 'db:' || session_user),
            lower(tg_op), tg_table_name, left(coalesce(row_key_value, ''), 200), before_row, after_row);
    return null;
end
$$;

create trigger audit after insert or update or delete on regions for each row execute function audit_row('code');
create trigger audit after insert or update or delete on projects for each row execute function audit_row('id');
create trigger audit after insert or update or delete on project_scopes for each row execute function audit_row('project_id', 'scope');
create trigger audit after insert or update or delete on sections for each row execute function audit_row('id');
create trigger audit after insert or update or delete on milestones for each row execute function audit_row('project_id', 'kind');
create trigger audit after insert or update or delete on annual_plans for each row execute function audit_row('section_id', 'year');
create trigger audit after insert or update or delete on region_targets for each row execute function audit_row('region_code', 'scope', 'year');
create trigger audit after insert or update or delete on monthly_reports for each row execute function audit_row('id');
create trigger audit after insert or update or delete on lag_thresholds for each row execute function audit_row('id');
create trigger audit after insert or update or delete on land_issues for each row execute function audit_row('id');
create trigger audit after insert or update or delete on quantity_targets for each row execute function audit_row('id');
create trigger audit after insert or update or delete on quantity_progress for each row execute function audit_row('target_id', 'month');
create trigger audit after insert or update or delete on funding_sources for each row execute function audit_row('id');
create trigger audit after insert or update or delete on users for each row execute function audit_row('id');
create trigger audit after insert or update or delete on user_roles for each row execute function audit_row('user_id', 'role_id');
create trigger audit after insert or update or delete on user_claims for each row execute function audit_row('id');
create trigger audit after insert or update or delete on user_scopes for each row execute function audit_row('id');
-- A roll-up is recorded by its run (who computed which period, when, by which job); its rows and findings are derived
-- from the audited tables and replaced whole on every run, so they are not copied into the trail.
create trigger audit after insert or update or delete on rollup_runs for each row execute function audit_row('year', 'month');
