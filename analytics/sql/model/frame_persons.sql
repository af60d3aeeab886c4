-- Persons of the year's population frame per kelurahan: a recap may not list more.
select kode_kelurahan, count(*) as families, sum(size) as persons
from family
where year = $year
group by kode_kelurahan
