-- FGT sum behind P_alpha for any alpha >= 0; pow(0, 0) = 1, so a person exactly on the
-- line counts in P_0 when poor_le is true.
create or replace {scope} macro gap_power_sum(y, w, z, poor_le, alpha) as
    coalesce(fsum(w * pow(poverty_gap(y, z), alpha)) filter (where is_poor(y, z, poor_le)), 0)
