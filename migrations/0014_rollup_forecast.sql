-- purpose: the year-end forecast (预计全年完成) and its 80% interval on every roll-up row, computed with the row's figures.
-- On the partitioned parent, so every period's partition gains the columns; RollupSql.CreatePartitionTable spells out
-- the same columns and check for the partitions it builds, or the attach refuses them. Rows of periods rolled up before
-- this migration have no forecast (null) until their period is rolled up again.
alter table rollup_rows
    add column year_end_forecast numeric(18,4) null,
    add column forecast_low      numeric(18,4) null,
    add column forecast_high     numeric(18,4) null,
    add column forecast_basis    varchar(16)   null,
    add constraint ck_rollup_rows_forecast_basis check (forecast_basis in ('reported', 'planProfile', 'seasonal', 'linear'));
