-- How rows of DTKS, P3KE and DTSEN anggota were linked to the frame's families, per year.
select year, 'dtks' as source, coalesce(method, 'unlinked') as method, count(*) as rows
from link_dtks
group by all
union all
select year, 'p3ke_keluarga', coalesce(method, 'unlinked'), count(*)
from link_p3ke_keluarga
group by all
union all
select a.year, 'dtsen_anggota', case when f.family_id is null then 'unlinked' else 'no_kk' end, count(*)
from stg_dtsen_anggota as a
left join frame_family as f on f.year = a.year and f.no_kk_hash = a.no_kk_hash
group by all
order by 1, 2, 4 desc
