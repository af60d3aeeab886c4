-- The linked families of the Dinas Sosial file in $year: the pseudonyms and place a record
-- names them by (their Regsosek row), and the size and dwelling the register holds, which
-- the survey's values are compared with (a difference: the register needs correcting).
with wanted as (
    select unnest($family_ids::varchar[]) as family_id
),
reg as (
    select family_id, no_kk_hash, head_nik_hash, kode_kelurahan, rt, rw,
           row_number() over (partition by family_id order by row_number) as rank
    from frame_family
    where year = $year and family_id in (select family_id from wanted)
)
select r.family_id, r.no_kk_hash, r.head_nik_hash, r.kode_kelurahan, r.rt, r.rw,
       f.size, f.floor, f.wall, f.roof, f.water_source, f.sanitation, f.lighting, f.cooking_fuel
from reg as r
left join family as f on f.year = $year and f.family_id = r.family_id
where r.rank = 1
