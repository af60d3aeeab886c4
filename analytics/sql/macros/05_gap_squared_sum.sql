-- FGT sum behind P2: persons times their squared gap, over the poor rows.
create or replace {scope} macro gap_squared_sum(y, w, z, poor_le) as
    coalesce(fsum(w * poverty_gap(y, z) * poverty_gap(y, z)) filter (where is_poor(y, z, poor_le)), 0)
