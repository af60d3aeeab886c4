insert into kelurahan
select kode, nama, kode_kecamatan, centroid_lon, centroid_lat, area_km2
from ref_kel
