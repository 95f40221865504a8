-- purpose: regions are managed through the API. A region retired from a month names a successor of its own level
-- (GB/T 2260 codes change when a county becomes a district); from that month on its sections count in the successor.
-- retired_from is the first day of that month.

alter table regions
    add column retired_from   date       null,
    add column successor_code varchar(6) null,
    add constraint fk_regions_successor foreign key (successor_code) references regions (code),
    add constraint ck_regions_retirement check ((retired_from is null) = (successor_code is null)),
    add constraint ck_regions_retired_from check (extract(day from retired_from) = 1),
    add constraint ck_regions_successor check (successor_code <> code);
create index ix_regions_successor_code on regions (successor_code);
