-- The usable survey households (expenditure and a positive weight) of one year below a line:
-- what a model's estimate for that line rests on (analytics.welfare.request).
select count(*)
from survey_household
where year = $year and expenditure_pc < $line and weight > 0
