-- Each family's poverty on the line $line from the expenditure in the frame (observed
-- welfare), for the program queries: poor (1 or 0), gap and squared gap (0 above the line),
-- probability (= poor), signed_gap (1 - y / z, negative above the line) and order_key (the
-- deepest gap first). Same columns as welfare/family_model.sql.
select
    f.family_id,
    f.expenditure_pc,
    case when is_poor(f.expenditure_pc, $line, $poor_le) then 1.0 else 0.0 end as poor,
    case when is_poor(f.expenditure_pc, $line, $poor_le) then poverty_gap(f.expenditure_pc, $line) else 0.0 end
        as gap,
    case when is_poor(f.expenditure_pc, $line, $poor_le) then pow(poverty_gap(f.expenditure_pc, $line), 2) else 0.0
        end as gap_squared,
    case when is_poor(f.expenditure_pc, $line, $poor_le) then 1.0 else 0.0 end as probability,
    poverty_gap(f.expenditure_pc, $line) as signed_gap,
    poverty_gap(f.expenditure_pc, $line) as order_key
from family as f
where f.year = $year
