-- Years with survey households (a model can be run for them).
select distinct year
from survey_household
order by year
