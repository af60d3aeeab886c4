-- The pseudonymous keys and the place of one Regsosek family in a year, for a new record.
select family_id, no_kk_hash, head_nik_hash, kode_kelurahan, rt, rw
from stg_regsosek
where year = $year and family_id = $family_id
order by row_number
limit 1
