-- The newest version of one record, every column.
select *
from verval_record
where record_id = :record_id
order by version desc
limit 1
