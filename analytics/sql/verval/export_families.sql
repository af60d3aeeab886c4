-- Address and DTKS membership of the families an export names, from this year's registers,
-- else last year's (a family that moved or died may be gone from this year's).
with wanted as (
    select unnest($family_ids::varchar[]) as family_id
),
seen as (
    -- In the register a proposal changes: DTKS until 2024, DTSEN (every frame family) from 2025.
    select s.family_id, s.address, f.in_dtks or f.frame_source = 'dtsen' as in_dtks,
           row_number() over (partition by s.family_id order by s.year desc, s.row_number) as rank
    from frame_family as s
    left join family as f on f.year = s.year and f.family_id = s.family_id
    where s.year in ($year, $year - 1) and s.family_id in (select family_id from wanted)
)
select w.family_id, s.address, coalesce(s.in_dtks, false) as in_dtks
from wanted as w
left join seen as s on s.family_id = w.family_id and s.rank = 1
