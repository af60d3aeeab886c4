-- Families and persons by national welfare decile in one area and year (desil null: no rank).
select desil, count(*) as families, sum(size) as persons
from family
where year = $year and ($kode is null or kode_kelurahan = $kode or kode_kecamatan = $kode)
group by desil
order by desil nulls last
