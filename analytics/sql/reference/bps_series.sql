-- The official BPS city series with the line of each year and whether that line is estimated.
select b.year, b.poor_persons, b.p0, b.p1, b.p2, l.official_line, l.official_status
from bps_poverty as b
left join poverty_line as l using (year)
order by b.year
