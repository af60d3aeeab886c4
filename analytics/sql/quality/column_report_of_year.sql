-- Unknown and missing columns of the files of one year.
select file, kind, column_name
from column_report
where year = $year
order by all
