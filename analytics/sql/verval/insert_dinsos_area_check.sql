-- One kelurahan's flagged and rejected families of one import of the Dinas Sosial file.
insert into verval_dinsos_area_check (import_id, kode_kelurahan, flagged_families, rejected_families)
values (:import_id, :kode_kelurahan, :flagged_families, :rejected_families)
