-- Quarantined rows per source and reason over all years.
select source, reason_code, count(*) as rows
from quarantine
group by all
order by source, rows desc
