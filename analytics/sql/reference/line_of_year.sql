-- The official and extreme poverty lines of a year, with their status
-- ('official' or 'estimated').
select
    year,
    official_line,
    official_status,
    extreme_line,
    extreme_status
from poverty_line
where year = $year
