-- purpose: Hangfire runs the background jobs now (its own schema "hangfire", which Hangfire.PostgreSql's installer
-- creates at start-up); Quartz.NET's tables go. Quartz made them itself at start-up (ProvisionSchema, table prefix
-- qrtz_), never through migrations/, so which ones exist depends on the Quartz version that last ran: every table of
-- this schema named qrtz_* is dropped (their indexes and foreign keys with them). On a database Quartz never ran on
-- this does nothing.
do $$
declare
    quartz_table record;
begin
    for quartz_table in
        select c.relname
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = current_schema() and c.relkind in ('r', 'p') and c.relname like 'qrtz\_%'
    loop
        execute format('drop table if exists %I cascade', quartz_table.relname);
    end loop;
end
$$;
