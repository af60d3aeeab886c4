-- The year's extreme-poverty recap, one row per listed kelurahan.
select kode_kelurahan, families, persons, source, sha256, loaded_at, loaded_by
from extreme_list
where year = $year
order by kode_kelurahan
