-- The key columns of every year's files as measured at import.
select year, source, file, column_name, key, rows, filled, valid, excel_damaged, invalid, region_ok, birth_ok,
    ending_zero, duplicates, verdict
from import_key
order by year, source, file, column_name
