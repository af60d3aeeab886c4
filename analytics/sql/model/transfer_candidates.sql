-- The families a simulated transfer reaches under a model run (no expenditure observed):
-- candidates by $rule as in programs/transfer_simulation.sql, the most probably poor first
-- (probability of being below the line, then family_id for a stable order); with
-- $poor_only only those at least $min_probability likely poor. The first $n are reached.
select s.family_id, f.size
from sae_family as s
join family as f on f.year = s.year and f.family_id = s.family_id
where s.run_id = $run_id and s.line = $line_kind
  and transfer_candidate($rule, len(received_programs(
      f.receives_pkh, f.receives_sembako, f.receives_pbi, f.receives_bst, f.receives_bpum,
      f.receives_prakerja, f.receives_kur
  )), f.desil, $max_desil)
  and (not $poor_only or s.probability >= $min_probability)
order by s.probability desc, s.family_id
limit $n
