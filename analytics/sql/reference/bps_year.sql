-- The city's reference figures of one year (fractions; null where none was published), each
-- with its kind ('bps' | 'pemkot') and source.
select
    year,
    poor_persons,
    p0,
    p1,
    p2,
    poor_persons_kind,
    poor_persons_source,
    p0_kind,
    p0_source,
    p1_kind,
    p1_source,
    p2_kind,
    p2_source
from bps_poverty
where year = $year
