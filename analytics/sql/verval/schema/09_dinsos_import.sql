-- Each import of the Dinas Sosial's own verval survey file: which file (its SHA-256, so the
-- same file imported again is recognised), for which register year, by whom, and its counts.
-- Append-only; the per-kelurahan figures of a year are those of the newest import holding
-- the kelurahan (verval/dinsos_summary), so importing a file twice never counts it twice.
create table if not exists verval_dinsos_import (
    id          integer primary key autoincrement,
    import_id   text not null unique,
    file_hash   text not null,
    file_name   text not null,
    year        integer not null,
    rows_read   integer not null,
    persons     integer not null,
    families    integer not null,
    linked      integer not null,
    unlinked    integer not null,
    rejected    integer not null,
    username    text not null,
    at          text not null
)
