-- The DTSEN extracts of every year as the import read them: file, version and date (as the
-- extract writes them; null when it does not), families or persons loaded. DTSEN is re-ranked
-- about every three months, so a figure is only traceable with the extract it came from.
create or replace table dtsen_version as
select year, 'dtsen_keluarga' as source, file, mode(dtsen_version) as version, max(dtsen_date) as data_date,
       count(*) as rows
from stg_dtsen_keluarga
group by year, file
union all
select year, 'dtsen_anggota', file, mode(dtsen_version), max(dtsen_date), count(*)
from stg_dtsen_anggota
group by year, file
order by 1, 2, 3
