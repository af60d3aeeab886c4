-- Poor persons of one year by area and segment, with the sums behind P1 and P2.
-- Poor: expenditure_pc < $line (BPS). gap = 1 - y / $line. Persons: a family counts size.
-- Segment: 'empower' when working-age members outnumber disabled members (the registers
-- hold counts only, so a disabled member is assumed to be of working age: the cautious
-- reading that never overstates who can work), else 'assist'.
-- population is the area's whole population (all families), repeated on each segment row.
-- {group_expr} is a fixed area expression filled in by analytics.programs._area.
with families as (
    select
        {group_expr} as grp,
        cast(f.size as double) as w,
        f.expenditure_pc as y,
        case
            when coalesce(f.n_working_age, 0) - coalesce(f.n_disabled, 0) > 0 then 'empower'
            else 'assist'
        end as segment
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
        count(*) as families,
        fsum(w) as persons,
        fsum(w * (1 - y / $line)) as sum_gap,
        fsum(w * (1 - y / $line) * (1 - y / $line)) as sum_gap_squared
    from families
    where y < $line
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
