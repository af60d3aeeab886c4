-- Families in the largest year.
select max(n)
from (select count(*) as n from family group by year)
