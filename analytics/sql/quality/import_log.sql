-- Rows read, loaded, merged as exact duplicates and quarantined, per file.
select year, source, file, rows_read, loaded, duplicates_merged, quarantined
from import_log
order by year, source
