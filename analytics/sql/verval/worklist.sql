-- Families to visit in $year (one kelurahan, or the city when $kelurahan is null), each with
-- every reason it needs a visit, in the order a verifikator works them: likely poor without
-- any program (exclusion: probability of being poor >= $min_probability under the year's
-- welfare, or desil 1-4 without a money measure), desil 1 (the extreme-poverty target),
-- receiving a program but likely not poor (inclusion: probability < $near_probability and,
-- with observed expenditure, above $near_factor x line; or desil 6 and above), sources
-- disagree, the No KK or head's NIK damaged, invalid or shared with another family, and last
-- year's families absent from this year's registers (matched by id or either key). With the
-- family's address and coordinates (last year's for a family not seen), to find the house.
with conflicts as (
{conflicts_sql}
),
fam as (
    select f.family_id, f.kode_kelurahan, f.desil, w.probability, w.expenditure_pc, w.order_key, f.lat, f.lon,
           len(received_programs(
               receives_pkh, receives_sembako, receives_pbi, receives_bst, receives_bpum, receives_prakerja,
               receives_kur
           )) > 0 as has_program
    from family as f
    join family_welfare as w using (family_id)
    where f.year = $year and ($kelurahan is null or f.kode_kelurahan = $kelurahan)
),
reg as (
    select family_id, rt, rw, address, no_kk_status, head_nik_status,
           no_kk_hash is not null
               and no_kk_hash not in (select no_kk_hash from link_key_kk where year = $year) as kk_shared,
           head_nik_hash is not null
               and head_nik_hash not in (select head_nik_hash from link_key_head_nik where year = $year) as nik_shared
    from frame_family
    where year = $year
),
flagged as (
    select f.*, r.rt, r.rw, r.address,
           list_filter([
               case when not f.has_program and case when f.probability is not null
                   then f.probability >= $min_probability else coalesce(f.desil <= 4, false) end then 'exclusion' end,
               case when f.desil = 1 then 'desil_1' end,
               case when f.has_program and case when f.probability is not null
                   then f.probability < $near_probability
                        and (f.expenditure_pc is null or f.expenditure_pc >= $line * $near_factor)
                   else coalesce(f.desil >= 6, false) end then 'inclusion' end,
               case when f.family_id in (select family_id from conflicts) then 'conflict' end,
               case when r.no_kk_status not in ('valid', 'cleaned') or r.head_nik_status not in ('valid', 'cleaned')
                         or r.kk_shared or r.nik_shared then 'identifier' end
           ], lambda x: x is not null) as reasons
    from fam as f
    left join reg as r using (family_id)
),
gone as (
    select p.family_id, p.kode_kelurahan, p.desil, cast(null as double) as probability,
           cast(null as double) as expenditure_pc, cast(null as double) as order_key,
           case when p.coord_status = 'ok' then p.lat end as lat, case when p.coord_status = 'ok' then p.lon end as lon,
           false as has_program, p.rt, p.rw, p.address, ['not_seen'] as reasons
    from frame_family as p
    where p.year = $year - 1 and ($kelurahan is null or p.kode_kelurahan = $kelurahan)
      and p.family_id not in (select family_id from family where year = $year)
      and coalesce(p.no_kk_hash not in (select no_kk_hash from link_key_kk where year = $year), true)
      and coalesce(p.head_nik_hash not in (select head_nik_hash from link_key_head_nik where year = $year), true)
)
select w.*, k.nama as kelurahan
from (select * from flagged where len(reasons) > 0 union all select * from gone) as w
left join kelurahan as k on k.kode = w.kode_kelurahan
order by list_position(['exclusion', 'desil_1', 'inclusion', 'conflict', 'identifier', 'not_seen'], w.reasons[1]),
         w.order_key desc nulls last, w.desil nulls last, w.family_id
