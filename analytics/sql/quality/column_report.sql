-- Unknown and missing columns of every imported file.
select *
from column_report
order by all
