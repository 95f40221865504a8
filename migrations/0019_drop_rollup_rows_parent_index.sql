-- purpose: rollup_rows loses its index on parent_code (issue 15). A roll-up read finds a region's children among the
-- regions (a region's parent never changes) and their rows by primary key, so the index only cost every first run of a
-- period a second sorted pass over its ~200,000 rows.
drop index ix_rollup_rows_parent;
