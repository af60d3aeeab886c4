-- Poverty input rows of two years: one row per family with its year, grouping key (grp),
-- welfare (y), person weight (w = size, times an optional weight column) and the poverty
-- line of its own year (z). {group_expr} and {weight_expr} are filled in by
-- analytics.welfare.observed (a fixed expression or a checked, double-quoted column).
select
    f.year,
    {group_expr} as grp,
    f.expenditure_pc as y,
    cast(f.size as double) {weight_expr} as w,
    case when f.year = $year_start then $line_start else $line_end end as z
from family as f
where f.year = $year_start or f.year = $year_end
