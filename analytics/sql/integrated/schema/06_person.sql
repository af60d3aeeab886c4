-- One row per person per year where a source lists persons (P3KE individu, DTKS).
create table person (
    year integer not null,
    source varchar not null,          -- 'p3ke' | 'dtks' | 'dtsen'
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
)
