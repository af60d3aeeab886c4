-- 1 when the given record version was written by a Dinas Sosial import, else 0.
select count(*) > 0
from verval_dinsos_record
where record_id = :record_id and version = :version
