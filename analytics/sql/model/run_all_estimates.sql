-- Every estimate of a run (all lines and levels), as stored.
select *
from sae_estimate
where run_id = $run_id
order by line, level, kode, indicator
