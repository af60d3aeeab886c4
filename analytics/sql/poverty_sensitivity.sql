-- Sensitivity of P0, P1, P2 to the poverty line: every line from $pct_from % to
-- $pct_to % (step $pct_step) of the base line $line, per group, in one query over
-- poverty_input(grp, y, w). A person is poor when y < line (or y <= line when $poor_le).
select
    grp,
    pct,
    line,
    fsum(w) as population,
    coalesce(fsum(w) filter (where is_poor), 0) as poor,
    coalesce(fsum(w) filter (where is_poor), 0) / fsum(w) as p0,
    coalesce(fsum(w * gap) filter (where is_poor), 0) / fsum(w) as p1,
    coalesce(fsum(w * gap * gap) filter (where is_poor), 0) / fsum(w) as p2
from (
    select
        p.grp,
        l.pct,
        l.line,
        p.w,
        (p.y < l.line or ($poor_le and p.y = l.line)) as is_poor,
        1 - p.y / l.line as gap
    from poverty_input as p
    cross join (
        select
            pct,
            $line * cast(pct as double) / 100 as line
        from range($pct_from, $pct_to + 1, $pct_step) as r (pct)
    ) as l
) as classified
group by grp, pct, line
