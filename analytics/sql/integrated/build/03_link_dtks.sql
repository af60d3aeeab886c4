-- DTKS rows (persons) onto Regsosek families, per year: by No KK, then the head's NIK,
-- then the head's name + birth date + kelurahan; members whose own keys failed follow
-- their household's head (same raw No KK text, kelurahan, address, RT and RW). No KK and
-- NIK are compared through their keyed pseudonyms (*_hash).
create or replace table link_dtks as
with
by_kk as (
    select d.year, d.row_number, k.family_id, 'no_kk' as method
    from stg_dtks as d
    join link_key_kk as k on d.year = k.year and d.no_kk_hash = k.no_kk_hash
),
by_nik as (
    select d.year, d.row_number, k.family_id, 'head_nik' as method
    from stg_dtks as d
    join link_key_head_nik as k on d.year = k.year and d.nik_hash = k.head_nik_hash
    where d.is_head
      and not exists (select 1 from by_kk as b where b.year = d.year and b.row_number = d.row_number)
),
by_name as (
    select d.year, d.row_number, r.family_id, 'name_birth_date' as method
    from stg_dtks as d
    join frame_family as r
      on d.year = r.year
     and d.kode_kelurahan = r.kode_kelurahan
     and d.birth_date = r.head_birth_date
    where d.is_head
      and jaro_winkler_similarity(d.name_key, r.head_name_key) >= $min_name_similarity
      and not exists (select 1 from by_kk as b where b.year = d.year and b.row_number = d.row_number)
      and not exists (select 1 from by_nik as b where b.year = d.year and b.row_number = d.row_number)
    qualify count(*) over (partition by d.year, d.row_number) = 1
),
direct as (
    select * from by_kk
    union all select * from by_nik
    union all select * from by_name
),
household as (
    select year, row_number, is_head,
           hash(raw_kk_hash, kode_kelurahan, address, rt, rw) as household_key
    from stg_dtks
),
head_link as (
    select h.year, h.household_key, any_value(l.family_id) as family_id, any_value(l.method) as method
    from household as h
    join direct as l on h.year = l.year and h.row_number = l.row_number
    where h.is_head
    group by h.year, h.household_key
    having count(distinct l.family_id) = 1
),
via_head as (
    select h.year, h.row_number, k.family_id, k.method || '_via_head' as method
    from household as h
    join head_link as k on h.year = k.year and h.household_key = k.household_key
    where not exists (select 1 from direct as l where l.year = h.year and l.row_number = h.row_number)
)
select d.year, d.row_number, coalesce(l.family_id, v.family_id) as family_id,
       coalesce(l.method, v.method) as method
from stg_dtks as d
left join direct as l on d.year = l.year and d.row_number = l.row_number
left join via_head as v on d.year = v.year and d.row_number = v.row_number
