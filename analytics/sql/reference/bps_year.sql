-- The official BPS city figures of one year (fractions; null where BPS published none).
select year, poor_persons, p0, p1, p2
from bps_poverty
where year = $year
