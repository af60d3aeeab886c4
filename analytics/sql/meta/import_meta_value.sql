-- One fact of the import (raw_dir, imported_at, years, nik_storage).
select value
from import_meta
where key = $key
