-- The append-only triggers of the audit log that exist (both must).
select count(*)
from sqlite_master
where type = 'trigger' and name in ('audit_log_no_update', 'audit_log_no_delete')
