-- The model runs of a year, newest first (the published one is marked).
select run_id, year, published, created_at, created_by, transform, boxcox_lambda, weighted, covariates, mc_draws,
       bootstrap, n_survey, icc, r2_marginal, r2_conditional, benchmark
from sae_run
where $year is null or year = $year
order by created_at desc, run_id desc
