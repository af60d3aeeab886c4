-- FGT sums over rows (y, w): persons a row stands for (w) added up over the poor rows.
-- Aggregate macros: use them in a grouped select. fsum (compensated summation) keeps the
-- figures independent of thread scheduling.
create or replace {scope} macro poor_sum(y, w, z, poor_le) as
    coalesce(fsum(w) filter (where is_poor(y, z, poor_le)), 0)
