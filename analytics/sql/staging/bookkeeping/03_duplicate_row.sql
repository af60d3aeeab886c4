-- Exact duplicate rows merged into the row they repeat.
create table duplicate_row (
    year integer, source varchar, file varchar, row_number integer, same_as_row integer
)
