-- Files whose rows read are not exactly loaded + merged + quarantined (must be none).
select file
from import_log
where rows_read <> loaded + duplicates_merged + quarantined
