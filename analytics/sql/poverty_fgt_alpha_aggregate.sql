-- FGT P_alpha for any alpha >= 0 per group, over poverty_input(grp, y, w).
-- pow(0, 0) = 1, so a person exactly on the line counts in P_0 when $poor_le is true.
select
    grp,
    fsum(w) as population,
    coalesce(fsum(w) filter (where is_poor), 0) as poor,
    coalesce(fsum(w * pow(gap, $alpha)) filter (where is_poor), 0) / fsum(w) as fgt
from (
    select
        grp,
        w,
        (y < $line or ($poor_le and y = $line)) as is_poor,
        1 - y / $line as gap
    from poverty_input
) as classified
group by grp
