-- A year without any money measure: families carry no poverty status (only the desil rule of
-- the program queries can be used).
select
    f.family_id,
    cast(null as double) as expenditure_pc,
    cast(null as double) as poor,
    cast(null as double) as gap,
    cast(null as double) as gap_squared,
    cast(null as double) as probability,
    cast(null as double) as signed_gap,
    cast(null as double) as order_key
from family as f
where f.year = $year
