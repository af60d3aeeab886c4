-- Families per kelurahan in each register for one year, with the kelurahan's name.
select c.kode_kelurahan, k.nama as kelurahan, c.regsosek, c.p3ke, c.dtks
from import_register_count as c
left join kelurahan as k on k.kode = c.kode_kelurahan
where c.year = $year
order by c.kode_kelurahan
