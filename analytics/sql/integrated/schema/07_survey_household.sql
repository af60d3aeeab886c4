-- One row per interviewed household of a Susenas-style survey per year (no names, no NIK).
create table survey_household (
    year integer not null,
    file varchar not null,
    row_number integer not null,
    kode_kelurahan varchar,           -- null when the file carries the kecamatan only
    kode_kecamatan varchar not null,
    census_block varchar not null,    -- NKS
    household_no varchar,             -- urut ruta within the block
    weight double not null,           -- households represented (fwt), > 0
    expenditure_pc double not null,   -- Rp per capita per month, > 0
    size integer not null,
    n_toddlers integer,
    n_school_age integer,
    n_out_of_school integer,
    n_working_age integer,
    n_working integer,
    n_elderly integer,
    n_disabled integer,
    head_education varchar,
    floor varchar,
    wall varchar,
    roof varchar,
    water_source varchar,
    sanitation varchar,
    lighting varchar,
    cooking_fuel varchar,
    health_insurance varchar,
    primary key (year, file, row_number)
)
