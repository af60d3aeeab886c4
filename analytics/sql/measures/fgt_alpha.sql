-- FGT P_alpha for any alpha >= 0 per group, over poverty_input(grp, y, w).
select
    grp,
    fsum(w) as population,
    poor_sum(y, w, $line, $poor_le) as poor,
    gap_power_sum(y, w, $line, $poor_le, $alpha) / fsum(w) as fgt
from poverty_input
group by grp
