-- P3KE families onto Regsosek families by the head's NIK, then name + birth date +
-- kelurahan; P3KE individuals follow their family (ID Keluarga P3KE). NIKs are compared
-- through their keyed pseudonyms (*_hash).
create or replace table link_p3ke_keluarga as
with
by_nik as (
    select p.year, p.row_number, k.family_id, 'head_nik' as method
    from stg_p3ke_keluarga as p
    join link_key_head_nik as k on p.year = k.year and p.head_nik_hash = k.head_nik_hash
),
by_name as (
    select p.year, p.row_number, r.family_id, 'name_birth_date' as method
    from stg_p3ke_keluarga as p
    join frame_family as r
      on p.year = r.year
     and p.kode_kelurahan = r.kode_kelurahan
     and p.head_birth_date = r.head_birth_date
    where jaro_winkler_similarity(p.head_name_key, r.head_name_key) >= $min_name_similarity
      and not exists (select 1 from by_nik as b where b.year = p.year and b.row_number = p.row_number)
    qualify count(*) over (partition by p.year, p.row_number) = 1
),
direct as (
    select * from by_nik
    union all select * from by_name
)
select p.year, p.row_number, p.p3ke_family_id, l.family_id, l.method
from stg_p3ke_keluarga as p
left join direct as l on p.year = l.year and p.row_number = l.row_number
