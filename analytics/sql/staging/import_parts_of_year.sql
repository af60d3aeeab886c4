-- The files and sheets of one year as they were read (the import report).
select source, file, sheet, format, encoding, delimiter, header_row, rows_read, loaded, duplicates_merged,
    quarantined, warnings, status
from import_part
where year = $year
order by source, file
