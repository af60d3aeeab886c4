-- Per import, each reason a row or family of the Dinas Sosial file was flagged (read and
-- counted, the value taken as unknown): the reason's key and text, families and rows.
create table if not exists verval_dinsos_flag (
    id         integer primary key autoincrement,
    import_id  text not null,
    kode       text not null,
    alasan     text not null,
    families   integer not null,
    rows_count integer not null,
    unique (import_id, kode)
)
