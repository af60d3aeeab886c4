-- The chain value of the newest entry (null for an entry written before the chain existed).
select entry_hash
from audit_log
order by id desc
limit 1
