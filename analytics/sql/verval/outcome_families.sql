-- The register side of the families that verval records name in $year: where they live
-- (kelurahan, RT), their desil, their probability of being poor under the year's welfare
-- source (family_welfare: 1 or 0 from observed expenditure, the published model's
-- probability, null without a money measure) and whether DTKS holds them. A family absent
-- from $year's registers gives no row (its record's own place is used).
with wanted as (
    select distinct unnest($family_ids::varchar[]) as family_id
),
place as (
    select family_id, rt, row_number() over (partition by family_id order by row_number) as rank
    from frame_family
    where year = $year and family_id in (select family_id from wanted)
)
select f.family_id, f.kode_kelurahan, p.rt, f.desil, w.probability,
       coalesce(f.in_dtks or f.frame_source = 'dtsen', false) as in_dtks  -- DTSEN from 2025: all are in it
from family as f
left join family_welfare as w on w.family_id = f.family_id
left join place as p on p.family_id = f.family_id and p.rank = 1
where f.year = $year and f.family_id in (select family_id from wanted)
order by f.family_id
