-- Verval records (SQLite, beside the database as <db stem>.verval.sqlite, so an import that
-- swaps the DuckDB file never touches them). Append-only: a correction or a review is a new
-- version of the same record_id, never an overwrite. A family is named by the pseudonyms of
-- its No KK and of its head's NIK, which survive the next year's import; family_id is only
-- what Regsosek called it when the visit was recorded.
create table if not exists verval_record (
    id            integer primary key autoincrement,
    record_id     text not null,
    version       integer not null check (version >= 1),
    no_kk_key     text,
    head_nik_key  text,
    family_id     text,
    kode_kelurahan text not null,
    rt            text,
    rw            text,
    year          integer not null,
    status        text not null check (status in ('submitted', 'approved', 'returned')),
    visit_json    text not null,
    reason        text,
    username      text not null,
    role          text,
    at            text not null,
    unique (record_id, version),
    check (no_kk_key is not null or head_nik_key is not null),
    check (status <> 'returned' or reason is not null)
)
