-- One row per small-area model run of a year; at most one published run per year is read by
-- the pages. Everything needed to reproduce it is kept: the formula, transformation, seed,
-- Monte Carlo and bootstrap sizes, package versions, the fitted model and its diagnostics.
create table if not exists sae_run (
    run_id varchar primary key,
    year integer not null,
    published boolean not null,
    created_at timestamp not null,
    created_by varchar not null,
    method varchar not null,            -- 'ebp' (census EB, Molina & Rao 2010)
    area_level varchar not null,        -- 'kelurahan'
    formula varchar not null,
    covariates varchar not null,        -- comma-separated names of analytics.model.covariates
    transform varchar not null,         -- 'boxcox' | 'log' | 'log-shift' | 'none'
    boxcox_lambda double,
    shift double,
    weighted boolean not null,          -- survey weights used (Guadarrama et al. 2018)
    seed bigint not null,
    mc_draws integer not null,          -- L
    bootstrap integer not null,         -- B
    benchmark varchar,                  -- null: off; else how the city was benchmarked
    n_survey integer not null,
    n_survey_incomplete integer not null,
    n_frame integer not null,
    n_frame_imputed integer not null,
    sigma2_u double not null,
    sigma2_e double not null,
    icc double,
    r2_marginal double,
    r2_conditional double,
    frame_fingerprint varchar not null, -- the frame the run predicted; a re-import may change it
    parameters json not null,
    model json not null,                -- the stored model (prediction without the survey)
    diagnostics json not null,
    versions json not null
)
