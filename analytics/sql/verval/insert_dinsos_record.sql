-- A record version written by an import of the Dinas Sosial verval file.
insert into verval_dinsos_record (import_id, record_id, version)
values (:import_id, :record_id, :version)
