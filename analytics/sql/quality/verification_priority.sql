-- Families to visit first. Points add up for what a field visit can settle: poor and no
-- program (3: the costliest error), kelurahan differs between sources (2), desil or size
-- differ (1 each), the head's NIK damaged or missing in Regsosek (1), coordinates missing or
-- outside the city (1). Ties go to the poorer first (family_welfare.order_key: the deeper gap
-- with observed expenditure, the higher probability of being poor under a model). Poor: the
-- welfare relation's probability reaches $min_probability (observed: 1 or 0). Only families
-- whose welfare makes an error matter: observed, below $line * $near_factor; under a model,
-- probability of being poor at least $near_probability; without any money measure, desil 1-4.
with conflicts as (
{conflicts_sql}
),
fam as (
    select f.*,
           coalesce(w.probability >= $min_probability, false) as is_poor,
           w.probability,
           w.order_key,
           case
               when w.expenditure_pc is not null then w.expenditure_pc < $line * $near_factor
               when w.probability is not null then w.probability >= $near_probability
               else coalesce(f.desil <= 4, false)
           end as is_near,
           len(received_programs(
               receives_pkh, receives_sembako, receives_pbi, receives_bst, receives_bpum, receives_prakerja,
               receives_kur
           )) > 0 as has_program
    from family as f
    join family_welfare as w using (family_id)
    where f.year = $year
),
conflict as (
    select family_id,
           bool_or(field = 'kelurahan') as kelurahan_conflict,
           bool_or(field = 'desil') as desil_conflict,
           bool_or(field = 'household_size') as size_conflict
    from conflicts
    group by family_id
),
nik as (
    select family_id, head_nik_status
    from frame_family
    where year = $year
),
scored as (
    select f.family_id, f.kode_kelurahan, f.size, f.expenditure_pc, f.desil, f.coord_status,
           f.is_poor, f.probability, f.order_key, f.has_program,
           coalesce(c.kelurahan_conflict, false) as kelurahan_conflict,
           coalesce(c.desil_conflict, false) as desil_conflict,
           coalesce(c.size_conflict, false) as size_conflict,
           n.head_nik_status in ('excel_damaged', 'invalid', 'empty') as nik_problem,
           (case when f.is_poor and not f.has_program then 3 else 0 end)
           + (case when coalesce(c.kelurahan_conflict, false) then 2 else 0 end)
           + (case when coalesce(c.desil_conflict, false) then 1 else 0 end)
           + (case when coalesce(c.size_conflict, false) then 1 else 0 end)
           + (case when n.head_nik_status in ('excel_damaged', 'invalid', 'empty') then 1 else 0 end)
           + (case when f.coord_status <> 'ok' then 1 else 0 end) as score
    from fam as f
    left join conflict as c using (family_id)
    left join nik as n using (family_id)
    where f.is_near
)
select s.*, k.nama as kelurahan
from scored as s left join kelurahan as k on k.kode = s.kode_kelurahan
where s.score > 0
order by s.score desc, s.order_key desc nulls last, s.family_id
limit $limit
