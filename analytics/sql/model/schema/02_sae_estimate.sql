-- The estimates of a run: per line, level (kelurahan, kecamatan, kota), area and indicator,
-- with the bootstrap MSE, CV, interval and BPS reliability class (RSE <= 25 %, <= 50 %, > 50 %),
-- and the Monte Carlo standard errors of the estimate (L draws) and of the MSE (B replicates).
create table if not exists sae_estimate (
    run_id varchar not null,
    line varchar not null,              -- 'official' | 'extreme'
    line_amount double not null,
    level varchar not null,             -- 'kelurahan' | 'kecamatan' | 'kota'
    kode varchar not null,
    n_sample integer not null,          -- survey households in the area
    families integer not null,
    persons integer not null,
    indicator varchar not null,         -- 'p0' | 'p1' | 'p2' | 'watts' | 'mean'
    estimate double not null,
    mse double,
    cv double,
    lower double,
    upper double,
    reliability varchar,                -- 'reliable' | 'caution' | 'unreliable' | null
    mc_se double,                       -- null: a run stored before they were recorded
    mse_mc_se double,
    primary key (run_id, line, level, kode, indicator)
)
