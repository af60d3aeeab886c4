-- Columns of each file that were unknown, or expected and missing.
create table column_report (
    year integer, source varchar, file varchar, kind varchar, column_name varchar
)
