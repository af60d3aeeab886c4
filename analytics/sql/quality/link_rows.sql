-- The family each row of one source was linked to; {table} is one of the fixed link tables.
select year, row_number as row, family_id as linked, method
from {table}
