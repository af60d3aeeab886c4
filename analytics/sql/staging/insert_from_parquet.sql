-- Another file's checked rows appended to their staging table by column name; {table} is a
-- fixed table name of the importer, never user text.
insert into {table} by name
select *
from read_parquet($path)
