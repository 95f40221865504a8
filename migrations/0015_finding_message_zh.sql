-- purpose: every data-quality finding in Chinese too (issue 13: the 数据质量 sheet a bureau hands in prints it). The
-- roll-up writes both texts from the same figures; findings of periods rolled up before stay English-only (null here)
-- until their period is rolled up again, and the sheet prints a Chinese sentence of their kind meanwhile.

alter table data_quality_findings add column message_zh varchar(1000);
