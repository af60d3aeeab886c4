-- A database whose model tables predate the Monte Carlo errors gains their columns; its
-- older runs keep null there, and the pages say those runs did not record them.
alter table sae_estimate add column if not exists mc_se double
