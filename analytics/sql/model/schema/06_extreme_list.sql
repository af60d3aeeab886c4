-- The Dinas Sosial's recap of its verified extreme-poverty list of a year: persons (and families)
-- per kelurahan, counted by the model below the year's extreme line instead of modelled
-- (analytics.sae.counted). A kelurahan without a row has nobody on the list. No names, no NIK.
create table if not exists extreme_list (
    year integer not null,
    kode_kelurahan varchar not null,
    families integer,                   -- null: the recap gave persons only
    persons integer not null,
    source varchar not null,            -- the file's name as loaded
    sha256 varchar not null,            -- of the file, to tell one recap from another
    loaded_at timestamp not null,
    loaded_by varchar not null,
    primary key (year, kode_kelurahan)
)
