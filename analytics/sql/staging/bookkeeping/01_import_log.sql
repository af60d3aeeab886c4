-- Row accounting per imported file: every row read is loaded, merged as an exact duplicate
-- or quarantined (the importer refuses a file whose counts do not add up).
create table import_log (
    year integer, source varchar, file varchar, rows_read integer, loaded integer,
    duplicates_merged integer, quarantined integer
)
