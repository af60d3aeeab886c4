-- Columns of the audit log (a log created before the hash chain lacks its columns).
select name
from pragma_table_info('audit_log')
