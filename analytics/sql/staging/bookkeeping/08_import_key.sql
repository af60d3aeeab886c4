-- How sound each key column (NIK, No KK) of each file is, over the rows it loads: cells
-- filled, 16 digits, destroyed by Excel, otherwise invalid, with a real region prefix, with a
-- birth date in digits 7-12 (NIK), ending in 0, and rows repeating an earlier row's key
-- (analytics.ingest.keys); verdict 'baik', 'peringatan' or 'rusak' (a destroyed column
-- stops the import, so a stored one is never 'rusak').
create table import_key (
    year integer, source varchar, file varchar, column_name varchar, key varchar, rows integer,
    filled integer, valid integer, excel_damaged integer, invalid integer, region_ok integer,
    birth_ok integer, ending_zero integer, duplicates integer, verdict varchar
)
