-- Reopenings (0007) are business rows like the issues themselves: recorded in the audit trail (0004's audit_row).
create trigger audit after insert or update or delete on land_issue_reopenings for each row execute function audit_row('id');
