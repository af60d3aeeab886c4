-- What was read from each file and sheet: how (format, encoding, delimiter, header row), the
-- row accounting, and the warnings the admin must read.
create table import_part (
    year integer, source varchar, file varchar, sheet varchar, format varchar, encoding varchar,
    delimiter varchar, header_row varchar, rows_read integer, loaded integer, duplicates_merged integer,
    quarantined integer, warnings varchar
)
