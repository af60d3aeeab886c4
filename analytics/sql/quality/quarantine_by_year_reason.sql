-- Quarantined rows per year, source and reason.
select year, source, reason_code, count(*) as rows
from quarantine
group by all
order by all
