-- One row per person per year where a source lists persons (P3KE individu, DTKS).
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
order by 1, 2, 3
