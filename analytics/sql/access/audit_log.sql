-- The audit log, oldest first.
select id, at, username, role, action, detail_json, prev_hash, entry_hash
from audit_log
order by id
