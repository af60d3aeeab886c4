-- The key columns of one year's files as measured at import (the import report).
select source, file, column_name, key, rows, filled, valid, excel_damaged, invalid, region_ok, birth_ok,
    ending_zero, duplicates, verdict
from import_key
where year = $year
order by source, file, column_name
