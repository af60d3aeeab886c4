-- Codes and names of the areas of one level ('kecamatan' or 'kelurahan').
select kode, nama
from kecamatan
where $level = 'kecamatan'
union all
select kode, nama
from kelurahan
where $level = 'kelurahan'
order by kode
