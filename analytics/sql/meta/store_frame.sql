-- A new table holding the DataFrame registered as _frame; {table} is a fixed table name of
-- the importer, never user text.
create table {table} as
select *
from _frame
