-- Quarantined rows as stored (original values unmasked); analytics.quality.quarantine_rows
-- masks NIK-like digit runs for everyone but an admin on the import page.
select year, source, file, row_number, reason_code, message, original
from quarantine
where ($year is null or year = $year)
  and ($reason is null or reason_code = $reason)
order by year, source, row_number
