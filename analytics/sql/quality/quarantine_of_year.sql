-- Quarantined rows of one year with their original values (admin's import check only).
select source, file, row_number, reason_code, message, original
from quarantine
where year = $year
order by source, row_number
