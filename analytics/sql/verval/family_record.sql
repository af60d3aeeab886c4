-- The record of a family, found by either of its pseudonyms (a new No KK still matches by the
-- head's NIK); the newest chain when several match.
select record_id
from verval_record
where (no_kk_key is not null and no_kk_key = :no_kk_key)
   or (head_nik_key is not null and head_nik_key = :head_nik_key)
order by id desc
limit 1
