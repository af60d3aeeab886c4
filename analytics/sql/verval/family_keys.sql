-- The pseudonymous keys and the place of one Regsosek family, for a new record: this year's
-- row, or last year's for a family the worklist lists as not seen this year.
select family_id, no_kk_hash, head_nik_hash, kode_kelurahan, rt, rw, year
from frame_family
where year in ($year, $year - 1) and family_id = $family_id
order by year desc, row_number
limit 1
