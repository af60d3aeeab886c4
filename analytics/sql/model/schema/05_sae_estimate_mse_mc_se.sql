-- See 04: the Monte Carlo standard error of the MSE, null for older runs.
alter table sae_estimate add column if not exists mse_mc_se double
