-- The audit log, oldest first.
select id, at, username, role, action, detail_json
from audit_log
order by id
