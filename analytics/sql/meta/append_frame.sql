-- Rows of the DataFrame registered as _frame appended to {table} by column name; {table}
-- and {columns} are fixed names of the importer, never user text.
insert into {table} ({columns})
select {columns}
from _frame
