-- purpose: cheaper roll-up writes: a period's rows and findings no longer reference its run by foreign key.
-- The key was checked once per inserted row (some 200,000 rows per national roll-up, a third of the write time). The roll-up
-- itself deletes the period's rows, findings and run, then writes the new ones, all in one transaction, so nothing is left
-- without its run and a rerun or a retry after a crash still leaves exactly one set of rows.
alter table rollup_rows drop constraint fk_rollup_rows_run;
alter table data_quality_findings drop constraint fk_data_quality_findings_run;
