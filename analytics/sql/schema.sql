-- Tables of the integrated poverty database. The importer fills them; every query in
-- analytics/ reads only these (never the raw staging tables).
-- No table holds a full NIK or No KK (UU 27/2022): they are stored as keyed HMAC-SHA256
-- pseudonyms (*_hash; the key is kept outside the database, see analytics/access/pseudonym.py)
-- and, for display, masked to their first 6 digits (*_masked). Only the quarantine keeps
-- the original values of rejected rows, for the admin who fixes the export.

-- Reference: gazetteer, official lines and BPS figures (from data/reference).
create table kecamatan (
    kode varchar primary key,        -- Kemendagri, dotted: 64.74.01
    nama varchar not null,
    population_2024 integer
);

create table kelurahan (
    kode varchar primary key,        -- Kemendagri, dotted: 64.74.01.1001
    nama varchar not null,
    kode_kecamatan varchar not null references kecamatan (kode),
    centroid_lon double,
    centroid_lat double,
    area_km2 double
);

create table poverty_line (
    year integer primary key,
    official_line double not null,   -- Rp per capita per month
    official_status varchar not null, -- 'official' | 'estimated'
    extreme_line double,
    extreme_status varchar
);

create table bps_poverty (
    year integer primary key,
    poor_persons integer,
    p0 double,                        -- fractions (BPS x100 values divided by 100)
    p1 double,
    p2 double
);

-- One row per family (Regsosek frame) per year.
create table family (
    year integer not null,
    family_id varchar not null,       -- Regsosek id_keluarga, stable across years
    kode_kelurahan varchar not null,
    kode_kecamatan varchar not null,
    size integer not null,            -- persons, >= 1
    expenditure_pc double not null,   -- Rp per capita per month, > 0 (the welfare measure)
    desil integer,                    -- national welfare decile 1-10 (Regsosek)
    percentile integer,               -- national percentile 1-100 (Regsosek)
    lat double,                       -- null when missing or outside the city
    lon double,
    coord_status varchar not null,    -- 'ok' | 'missing' | 'outside'
    in_dtks boolean not null,
    in_p3ke boolean not null,
    dtks_link varchar,                -- how DTKS was linked: 'no_kk' | 'nik_kepala' | 'nama_tgl_lahir' | null
    p3ke_link varchar,                -- 'nik_kepala' | 'nama_tgl_lahir' | null
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
    primary key (year, family_id)
);

-- One row per person per year where a source lists persons (P3KE individu, DTKS).
create table person (
    year integer not null,
    source varchar not null,          -- 'p3ke' | 'dtks'
    source_row_id varchar not null,   -- ID Individu or iddtks
    family_id varchar,                -- linked Regsosek family, null when unlinked
    link_method varchar,
    nik_hash varchar,                 -- HMAC-SHA256 pseudonym of the cleaned NIK (64 hex); the key is
                                      -- outside the database; null when the NIK is not 16 digits
    nik_masked varchar,               -- first 6 digits then '**********', for display; null as nik_hash
    nik_status varchar not null,      -- of the NIK as exported: 'valid' | 'cleaned' | 'excel_damaged' | 'invalid' | 'empty'
    name varchar,
    birth_date date,
    sex varchar,                      -- 'L' | 'P'
    relationship varchar,
    occupation varchar,
    education varchar,
    kode_kelurahan varchar
);
