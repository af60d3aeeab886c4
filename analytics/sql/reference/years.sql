-- Years that have families, with the number of families and persons.
select
    year,
    count(*) as families,
    sum(size) as persons
from family
group by year
order by year
