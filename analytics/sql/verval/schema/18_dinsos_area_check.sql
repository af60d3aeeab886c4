-- Per import and kelurahan, beside verval_dinsos_area (added later, so a store made before
-- keeps its table): families flagged (counted, with a reason in verval_dinsos_flag) and
-- families rejected (rows that could not be placed).
create table if not exists verval_dinsos_area_check (
    id                integer primary key autoincrement,
    import_id         text not null,
    kode_kelurahan    text not null,
    flagged_families  integer not null,
    rejected_families integer not null,
    unique (import_id, kode_kelurahan)
)
