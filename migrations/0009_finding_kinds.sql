-- purpose: the roll-up's new data-quality findings (issue 11): investment attributed to no county, reports without an
-- annual plan, and months reported before the works started.

alter table data_quality_findings drop constraint ck_data_quality_findings_kind;
alter table data_quality_findings add constraint ck_data_quality_findings_kind check (kind in ('sections_exceed_total',
    'parts_do_not_add_up', 'progress_backwards', 'missing_month', 'unapproved_month', 'no_mode', 'unattributed_investment',
    'no_plan', 'before_start'));
