-- One row per person per year where a source lists persons (P3KE individu, DTKS, DTSEN
-- anggota; a DTSEN member belongs to the frame family of its No KK).
insert into person
select d.year, 'dtks', coalesce(d.dtks_id, 'baris ' || d.row_number), l.family_id, l.method,
       d.nik_hash, d.nik_masked, d.nik_status, d.name, d.birth_date::date, d.sex, d.relationship, d.occupation,
       null, d.kode_kelurahan
from stg_dtks as d
join link_dtks as l using (year, row_number)
union all
select i.year, 'p3ke', coalesce(i.person_id, 'baris ' || i.row_number), l.family_id, l.method,
       i.nik_hash, i.nik_masked, i.nik_status, i.name, i.birth_date::date, i.sex, i.relationship, i.occupation,
       i.education, i.kode_kelurahan
from stg_p3ke_individu as i
join link_p3ke_individu as l using (year, row_number)
union all
select a.year, 'dtsen', 'baris ' || a.row_number, f.family_id, case when f.family_id is not null then 'no_kk' end,
       a.nik_hash, a.nik_masked, a.nik_status, a.name, a.birth_date::date, a.sex, a.relationship, a.occupation,
       a.education, f.kode_kelurahan
from stg_dtsen_anggota as a
left join frame_family as f on f.year = a.year and f.no_kk_hash = a.no_kk_hash
order by 1, 2, 3
