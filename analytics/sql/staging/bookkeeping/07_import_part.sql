-- What was read from each file and sheet: how (format, encoding, delimiter, header row), the
-- row accounting, the warnings the admin must read, and its status: 'dibaca' (read), or
-- 'dilewati' (a sheet left out: another register's, or no register's; why in warnings).
create table import_part (
    year integer, source varchar, file varchar, sheet varchar, format varchar, encoding varchar,
    delimiter varchar, header_row varchar, rows_read integer, loaded integer, duplicates_merged integer,
    quarantined integer, warnings varchar, status varchar
)
