-- Every version of one record, oldest first.
select *
from verval_record
where record_id = :record_id
order by version
