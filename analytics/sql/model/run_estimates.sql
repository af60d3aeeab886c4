-- The estimates of a run for one line and level, one row per area and indicator. Every
-- stored column: a database written before the Monte Carlo errors lacks mc_se and mse_mc_se.
select * exclude (run_id, line, line_amount, level)
from sae_estimate
where run_id = $run_id and line = $line and level = $level
order by kode, indicator
