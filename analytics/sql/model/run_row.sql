-- One model run, whole.
select *
from sae_run
where run_id = $run_id
