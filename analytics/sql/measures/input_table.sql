-- Poverty input rows of any table or view (CSV mode, benchmarks): grouping key (grp),
-- welfare (y) and the number of persons each row stands for (w).
-- {table}, {group_expr}, {welfare_expr} and {weight_expr} are filled in by
-- analytics.poverty._sql with a checked, double-quoted identifier or a fixed expression.
select
    {group_expr} as grp,
    cast({welfare_expr} as double) as y,
    {weight_expr} as w
from {table}
