-- Sum behind the Watts index: persons times ln(z / y), over the poor rows.
create or replace {scope} macro log_gap_sum(y, w, z, poor_le) as
    coalesce(fsum(w * ln(z / y)) filter (where is_poor(y, z, poor_le)), 0)
