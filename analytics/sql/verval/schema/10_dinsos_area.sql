-- Per import and kelurahan (as the file names it): families and persons kept, linked to a
-- register family or not, fakir miskin, desil groups and needs, and rows rejected. Counts
-- only: an unlinked family leaves no identifier behind.
create table if not exists verval_dinsos_area (
    id              integer primary key autoincrement,
    import_id       text not null,
    kode_kelurahan  text not null,
    families        integer not null,
    persons         integer not null,
    linked          integer not null,
    unlinked        integer not null,
    fakir_miskin    integer not null,
    desil_1         integer not null,
    desil_2         integer not null,
    desil_3         integer not null,
    desil_4         integer not null,
    desil_other     integer not null,
    butuh_pangan    integer not null,
    butuh_sandang   integer not null,
    butuh_kesehatan integer not null,
    butuh_pendidikan integer not null,
    butuh_dokumen   integer not null,
    rejected_rows   integer not null,
    unique (import_id, kode_kelurahan)
)
