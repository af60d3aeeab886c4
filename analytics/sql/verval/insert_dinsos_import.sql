-- One import of the Dinas Sosial verval file.
insert into verval_dinsos_import (import_id, file_hash, file_name, year, rows_read, persons, families, linked,
                                  unlinked, rejected, username, at)
values (:import_id, :file_hash, :file_name, :year, :rows_read, :persons, :families, :linked,
        :unlinked, :rejected, :username, :at)
