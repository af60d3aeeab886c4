-- Rejected rows with their reason and original values (the only place a full NIK is kept).
create table quarantine (
    year integer, source varchar, file varchar, row_number integer, reason_code varchar,
    message varchar, original varchar
)
