-- Poverty input rows of one year: one row per family with its grouping key (grp), its
-- welfare (y, monthly expenditure per capita) and the number of persons it stands for
-- (w = size, times an optional weight column).
-- {group_expr} and {weight_expr} are filled in by analytics.welfare.observed: either a fixed
-- expression or a column of `family` that was checked to exist and is double-quoted.
-- Values are bound parameters.
select
    {group_expr} as grp,
    f.expenditure_pc as y,
    cast(f.size as double) {weight_expr} as w
from family as f
where f.year = $year
