-- The benchmark's families as a DuckDB table (from the DataFrame registered as bench_source).
create table bench_family as
select *
from bench_source
