-- What each export held (record version per channel), so the next export of a channel holds
-- only what is new: a record approved since, or a newer approved version of one sent before.
create table if not exists verval_export (
    id         integer primary key autoincrement,
    export_id  text not null,
    channel    text not null,
    record_id  text not null,
    version    integer not null,
    username   text not null,
    at         text not null
)
