-- The poverty rule, the only copy: a person with welfare y is poor against the line z when
-- y < z (BPS), or y <= z when poor_le is true (--poor-if le, for comparison).
create or replace {scope} macro is_poor(y, z, poor_le) as (y < z or (poor_le and y = z))
