-- Whether the year's frame carries a national desil (the contextual covariate's source).
select count(desil) > 0 as ranked
from family
where year = $year
