-- Poor persons of one year by area and segment, with the sums behind P1 and P2.
-- Poor and gap as in analytics/sql/macros. Persons: a family counts size.
-- Segment: the family_segment macro ('empower' or 'assist').
-- population is the area's whole population (all families), repeated on each segment row.
-- {group_expr} is a fixed area expression filled in by analytics.programs._area.
with families as (
    select
        {group_expr} as grp,
        cast(f.size as double) as w,
        f.expenditure_pc as y,
        family_segment(f.n_working_age, f.n_disabled) as segment
    from family as f
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
        count(*) filter (where is_poor(y, $line, $poor_le)) as families,
        poor_sum(y, w, $line, $poor_le) as persons,
        gap_sum(y, w, $line, $poor_le) as sum_gap,
        gap_squared_sum(y, w, $line, $poor_le) as sum_gap_squared
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
