-- Poor persons of one year by area and segment, with the sums behind P1 and P2.
-- Poverty from family_welfare (observed: poor 1 or 0 and the gap on the line; model: the
-- probability and the expected gaps, so the sums are expected values). Persons: a family
-- counts size. Segment: the family_segment macro ('empower' or 'assist').
-- population is the area's whole population (all families), repeated on each segment row.
-- {group_expr} is a fixed area expression filled in by analytics.programs._area.
with families as (
    select
        {group_expr} as grp,
        cast(f.size as double) as w,
        w.poor,
        w.gap,
        w.gap_squared,
        family_segment(f.n_working_age, f.n_disabled) as segment
    from family as f
    join family_welfare as w using (family_id)
    where f.year = $year
),

areas as (
    select
        grp,
        fsum(w) as population
    from families
    group by grp
),

segments as (
    select
        grp,
        segment,
        fsum(poor) as families,
        fsum(w * poor) as persons,
        fsum(w * gap) as sum_gap,
        fsum(w * gap_squared) as sum_gap_squared
    from families
    group by grp, segment
)

select
    a.grp,
    seg.segment,
    a.population,
    coalesce(s.families, 0) as families,
    coalesce(s.persons, 0) as persons,
    coalesce(s.sum_gap, 0) as sum_gap,
    coalesce(s.sum_gap_squared, 0) as sum_gap_squared
from areas as a
cross join (select unnest(['empower', 'assist']) as segment) as seg
left join segments as s on s.grp = a.grp and s.segment = seg.segment
