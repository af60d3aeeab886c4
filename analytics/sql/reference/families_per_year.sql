-- Families and persons per year.
select
    year,
    count(*) as families,
    sum(size)::bigint as persons
from family
group by year
order by year
