-- FGT P0, P1, P2 and the Watts index per group over poverty_input(grp, y, w):
-- y is welfare, w the number of persons a row stands for, $line the line; the poverty rule
-- and the sums are the macros of analytics/sql/macros ($poor_le: --poor-if le).
-- Watts is null for a group where a poor person has welfare <= 0 (undefined there).
select
    grp,
    fsum(w) as population,
    poor_sum(y, w, $line, $poor_le) as poor,
    poor_sum(y, w, $line, $poor_le) / fsum(w) as p0,
    gap_sum(y, w, $line, $poor_le) / fsum(w) as p1,
    gap_squared_sum(y, w, $line, $poor_le) / fsum(w) as p2,
    case
        when coalesce(bool_or(y <= 0) filter (where is_poor(y, $line, $poor_le)), false) then null
        else log_gap_sum(y, w, $line, $poor_le) / fsum(w)
    end as watts
from poverty_input
group by grp
