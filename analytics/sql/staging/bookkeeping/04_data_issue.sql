-- Damaged values that did not stop a row (an Excel-mangled NIK, missing coordinates).
create table data_issue (
    year integer, source varchar, file varchar, row_number integer, issue_code varchar,
    column_name varchar, message varchar
)
