-- rows loaded per register source over all imported years, for the report's method note
select
    source,
    min(year) as first,
    max(year) as last,
    sum(loaded) as loaded
from import_log
group by source
order by source
