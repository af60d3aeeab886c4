-- Every file and sheet of every year as read (the accounting compares a year with the one before).
select year, source, file, sheet, format, encoding, delimiter, header_row, rows_read, loaded, duplicates_merged,
    quarantined, warnings, status
from import_part
order by year, source, file
