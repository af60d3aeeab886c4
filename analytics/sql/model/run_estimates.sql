-- The estimates of a run for one line and level, one row per area and indicator.
select kode, n_sample, families, persons, indicator, estimate, mse, cv, lower, upper, reliability
from sae_estimate
where run_id = $run_id and line = $line and level = $level
order by kode, indicator
