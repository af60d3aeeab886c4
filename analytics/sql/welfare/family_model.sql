-- Each family's poverty under a published model run (no expenditure observed): poor is the
-- probability of being below the line, gap and gap_squared their expectations (so sums over
-- families are expected counts and the model's P1, P2 sums); order_key is the probability.
select
    s.family_id,
    cast(null as double) as expenditure_pc,
    s.probability as poor,
    s.expected_gap as gap,
    s.expected_gap_squared as gap_squared,
    s.probability,
    s.expected_gap as signed_gap,
    s.probability as order_key
from sae_family as s
where s.run_id = $run_id and s.line = $line_kind
