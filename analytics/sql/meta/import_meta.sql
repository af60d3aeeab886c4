-- key/value facts of the last import (raw folder, time, years) for the report's sources
select key, value
from import_meta
order by key
