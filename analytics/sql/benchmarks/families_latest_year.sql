select count(*)
from family
where year = (select max(year) from family)
