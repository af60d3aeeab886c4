-- One reason rows of one import of the Dinas Sosial file were flagged, with its counts.
insert into verval_dinsos_flag (import_id, kode, alasan, families, rows_count)
values (:import_id, :kode, :Alasan, :keluarga, :baris)
