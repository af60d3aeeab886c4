-- The usable survey households (expenditure and a positive weight) of one year below a line
-- (BPS's rule, y < z): what a model's estimate for that line rests on (analytics.welfare.request).
select count(*)
from survey_household
where year = $year and weight > 0 and is_poor(expenditure_pc, $line, false)
