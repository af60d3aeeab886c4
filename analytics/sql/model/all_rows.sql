-- Every row of one of the model tables ({table}: sae_run, sae_estimate, sae_family or extreme_list, fixed
-- names of analytics.model.carry, never user text), to carry them into a re-imported database.
select *
from {table}
