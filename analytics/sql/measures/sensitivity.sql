-- Sensitivity of P0, P1, P2 to the poverty line: every line from $pct_from % to
-- $pct_to % (step $pct_step) of the base line $line, per group, in one query over
-- poverty_input(grp, y, w), with the poverty rule of analytics/sql/macros.
select
    grp,
    pct,
    line,
    fsum(w) as population,
    poor_sum(y, w, line, $poor_le) as poor,
    poor_sum(y, w, line, $poor_le) / fsum(w) as p0,
    gap_sum(y, w, line, $poor_le) / fsum(w) as p1,
    gap_squared_sum(y, w, line, $poor_le) / fsum(w) as p2
from (
    select
        p.grp,
        l.pct,
        l.line,
        p.w,
        p.y
    from poverty_input as p
    cross join (
        select
            pct,
            $line * cast(pct as double) / 100 as line
        from range($pct_from, $pct_to + 1, $pct_step) as r (pct)
    ) as l
) as lines
group by grp, pct, line
