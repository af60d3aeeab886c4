-- How many of the given families of a year lie in one kelurahan (a household list's scope).
select count(distinct family_id)
from family
where year = $year
  and family_id in (select unnest($family_ids))
  and kode_kelurahan = $kode_kelurahan
