-- Whether the year's frame carries expenditure (observed welfare).
select count(expenditure_pc) > 0 as observed
from family
where year = $year
