-- Quarantined rows of one year per source and reason.
select source, reason_code, count(*) as rows
from quarantine
where year = $year
group by all
order by source, rows desc, reason_code
