-- Eligibility for a program: eligibility = 'desil' means desil <= max_desil (a family
-- without desil is not eligible); otherwise poor on the line z by the poverty rule.
create or replace {scope} macro is_eligible(eligibility, y, z, poor_le, desil, max_desil) as (
    case when eligibility = 'desil' then coalesce(desil <= max_desil, false) else is_poor(y, z, poor_le) end
)
