-- A staging table holding one file's checked rows, written by the import worker as Parquet;
-- {table} is a fixed table name of the importer, never user text.
create table {table} as
select *
from read_parquet($path)
