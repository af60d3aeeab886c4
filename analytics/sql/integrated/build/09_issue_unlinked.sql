-- Issues that only show once records are linked: one NIK on persons of two families, and
-- rows that could not be linked to any Regsosek family. Equal NIKs have equal pseudonyms.
insert into data_issue
select l.year, 'dtks', d.file, l.row_number, 'unlinked', null,
       'Baris DTKS tidak dapat ditautkan ke keluarga Regsosek (No KK, NIK kepala, nama + tanggal lahir).'
from link_dtks as l join stg_dtks as d using (year, row_number)
where l.family_id is null
union all
select l.year, 'p3ke_keluarga', p.file, l.row_number, 'unlinked', null,
       'Keluarga P3KE tidak dapat ditautkan ke keluarga Regsosek (NIK kepala, nama + tanggal lahir).'
from link_p3ke_keluarga as l join stg_p3ke_keluarga as p using (year, row_number)
where l.family_id is null
order by 1, 2, 4
