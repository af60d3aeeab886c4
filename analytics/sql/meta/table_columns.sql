-- Columns of a table or view of the connection (used to check user-named columns
-- before they are quoted into a query).
select
    column_name,
    data_type
from duckdb_columns()
where table_name = $table
order by column_index
