-- Quarantined rows for download. NIK and No KK look like runs of 15-17 digits, perhaps split by
-- spaces, dots or dashes: they are cut to their first 6 digits, so a full NIK never
-- leaves the database through the dashboard.
select year, source, file, row_number, reason_code, 
       regexp_replace(message, '([0-9][ .-]?[0-9][ .-]?[0-9][ .-]?[0-9][ .-]?[0-9][ .-]?[0-9])([ .-]?[0-9]){9,11}', '\1**********', 'g') as message,
       regexp_replace(original, '([0-9][ .-]?[0-9][ .-]?[0-9][ .-]?[0-9][ .-]?[0-9][ .-]?[0-9])([ .-]?[0-9]){9,11}', '\1**********', 'g') as original
from quarantine
where ($year is null or year = $year)
  and ($reason is null or reason_code = $reason)
order by year, source, row_number
