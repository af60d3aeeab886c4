-- Whether a family is a candidate of a simulated transfer by its rule: 'poorest' every
-- family, 'uncovered_poorest' one that receives no program (programs_received = 0), 'desil'
-- one with desil <= max_desil (a family without desil is not). The observed and the model
-- simulations (programs/transfer_simulation, model/transfer_candidates) share it.
create or replace {scope} macro transfer_candidate(rule, programs_received, desil, max_desil) as (
    case
        when rule = 'poorest' then true
        when rule = 'uncovered_poorest' then programs_received = 0
        else coalesce(desil <= max_desil, false)
    end
)
