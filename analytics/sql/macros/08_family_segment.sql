-- The city's two strategies for a poor family: 'empower' (raise income) when working-age
-- members outnumber disabled members, else 'assist' (reduce spending). The registers hold
-- counts only, so a disabled member is assumed to be of working age: the cautious reading
-- that never overstates who can work.
create or replace {scope} macro family_segment(n_working_age, n_disabled) as (
    case when coalesce(n_working_age, 0) - coalesce(n_disabled, 0) > 0 then 'empower' else 'assist' end
)
