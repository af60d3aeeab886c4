-- The city's reference series (each figure with its kind and source) with the line of each
-- year and whether that line is estimated.
select
    b.year,
    b.poor_persons,
    b.p0,
    b.p1,
    b.p2,
    b.poor_persons_kind,
    b.poor_persons_source,
    b.p0_kind,
    b.p0_source,
    b.p1_kind,
    b.p1_source,
    b.p2_kind,
    b.p2_source,
    l.official_line,
    l.official_status
from bps_poverty as b
left join poverty_line as l using (year)
order by b.year
