-- The record versions a Dinas Sosial import wrote: a later import may add a version on top of
-- its own (values changed in a corrected file), never on top of a field visit or a review.
create table if not exists verval_dinsos_record (
    id         integer primary key autoincrement,
    import_id  text not null,
    record_id  text not null,
    version    integer not null
)
