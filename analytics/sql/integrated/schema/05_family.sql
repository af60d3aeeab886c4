-- One row per family of the year's frame (Regsosek, or DTSEN from 2025) per year.
create table family (
    year integer not null,
    family_id varchar not null,       -- Regsosek id_keluarga, stable across years; a DTSEN family keeps its No KK's
                                      -- earlier id, else 'KK-' + its No KK pseudonym's first 16 characters
    kode_kelurahan varchar not null,
    kode_kecamatan varchar not null,
    size integer not null,            -- persons, >= 1
    expenditure_pc double,            -- Rp per capita per month, > 0, only where the frame carries
                                      -- expenditure (observed welfare); null for a real Regsosek export
    desil integer,                    -- national welfare decile 1-10 (Regsosek)
    percentile integer,               -- national percentile 1-100 (Regsosek)
    lat double,                       -- null when missing or outside the city
    lon double,
    coord_status varchar not null,    -- 'ok' | 'missing' | 'outside'
    in_dtks boolean not null,
    in_p3ke boolean not null,
    dtks_link varchar,                -- how DTKS was linked: 'no_kk' | 'head_nik' | 'name_birth_date' | null
    p3ke_link varchar,                -- 'head_nik' | 'name_birth_date' | null
    p3ke_desil integer,               -- P3KE's own Desil Kesejahteraan (1-4) when linked
    receives_pkh boolean not null,
    receives_sembako boolean not null, -- BPNT / SEMBAKO / BPNT-PPKM
    receives_pbi boolean not null,     -- PBI-JK / PBI-JKN
    receives_bst boolean not null,
    receives_bpum boolean not null,
    receives_prakerja boolean not null,
    receives_kur boolean not null,
    n_toddlers integer,
    n_school_age integer,             -- children of school age, in school or not
    n_out_of_school integer,          -- school-age children not in school
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
    frame_source varchar not null,    -- the year's frame: 'regsosek' | 'dtsen' (from 2025)
    primary key (year, family_id)
)
