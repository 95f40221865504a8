-- purpose: fingerprints of what a roll-up wrote (issue 15), so a rerun learns whether anything changed without reading
-- the period's ~200,000 stored rows back: a 64-bit hash of each row's values in the row; in the run, a 128-bit hash of
-- all the period's rows and one of its findings about sections and projects. Null for periods rolled up before this:
-- their next run rewrites them.
alter table rollup_rows add column fingerprint bigint null;
alter table rollup_runs add column rows_fingerprint bytea null;
alter table rollup_runs add column findings_fingerprint bytea null;
