-- FGT sum behind P1: persons times their gap, over the poor rows.
create or replace {scope} macro gap_sum(y, w, z, poor_le) as
    coalesce(fsum(w * poverty_gap(y, z)) filter (where is_poor(y, z, poor_le)), 0)
