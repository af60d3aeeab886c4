-- Families per year and kelurahan in each register, as stored by the import.
select year, kode_kelurahan, regsosek, p3ke, dtks, dtsen
from import_register_count
order by year, kode_kelurahan
