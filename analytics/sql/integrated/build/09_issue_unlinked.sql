-- Issues that only show once records are linked: one NIK on persons of two families, and
-- rows that could not be linked to any family of the frame (Regsosek or DTSEN). Equal NIKs have equal pseudonyms.
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
union all
select a.year, 'dtsen_anggota', a.file, a.row_number, 'unlinked', null,
       'Anggota DTSEN tanpa keluarga: No KK-nya tidak ada di berkas DTSEN keluarga tahun ini.'
from stg_dtsen_anggota as a
where not exists (
    select 1 from frame_family as f where f.year = a.year and f.no_kk_hash = a.no_kk_hash
)
union all
select p.year, 'penerima_bansos', p.file, p.row_number, 'unlinked', null,
       'Penerima ' || upper(p.program) || ' tidak ditemukan di keluarga mana pun (NIK bukan anggota DTSEN '
       || 'maupun kepala keluarga kerangka).'
from stg_penerima_bansos as p
where not exists (
    select 1
    from stg_dtsen_anggota as a
    join frame_family as f on f.year = a.year and f.no_kk_hash = a.no_kk_hash
    where a.year = p.year and a.nik_hash = p.nik_hash
)
  and not exists (
    select 1 from link_key_head_nik as k where k.year = p.year and k.head_nik_hash = p.nik_hash
)
order by 1, 2, 4
