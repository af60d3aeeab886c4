-- How many entries the audit log holds.
select count(*) from audit_log
