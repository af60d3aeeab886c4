-- Facts of the import (raw folder, time, years, NIK storage layout) as key/value pairs.
create table import_meta (key varchar primary key, value varchar)
